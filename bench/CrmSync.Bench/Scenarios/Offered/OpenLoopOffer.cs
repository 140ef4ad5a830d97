namespace CrmSync.Bench.Scenarios.Offered;

/// <summary>
/// New deliveries started at a fixed rate whatever the answers (an open loop), each resent as CRMs resend
/// (<see cref="CrmRetries"/>) until acknowledged or the offer is over; then whether every acknowledged change reached Dataverse.
/// </summary>
public static class OpenLoopOffer
{
    /// <summary>Starts <paramref name="perSecond"/> new requests a second for <paramref name="length"/>, each resent until acknowledged or the phase ends.</summary>
    public static Task<PhaseTally> OfferAsync(BenchRun run, OfferedBodies bodies, double perSecond, TimeSpan length, CancellationToken cancellationToken) =>
        OfferAsync(run, bodies, perSecond, length, new PhaseTally(), cancellationToken);

    /// <summary>As the other overload, into a <paramref name="tally"/> the caller can read while the offer runs.</summary>
    public static async Task<PhaseTally> OfferAsync(BenchRun run, OfferedBodies bodies, double perSecond, TimeSpan length, PhaseTally tally, CancellationToken cancellationToken)
    {
        var deliveries = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(length.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var dueAt = started + (long)(i * Stopwatch.Frequency / perSecond);
            if (dueAt >= until)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), dueAt);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            var (request, changes) = bodies.NextDelivery();
            deliveries.Add(Task.Run(async () =>
            {
                if (await CrmRetries.Standard.DeliverAsync(run.Load, run.System.GatewayUrl, request, until, tally.Answered, cancellationToken))
                {
                    tally.DeliveryAcknowledged(OfferedBodies.PerRequest);
                    bodies.Acknowledged(changes);
                }
            }, cancellationToken));
        }

        tally.Deliveries = deliveries.Count;
        await Task.WhenAll(deliveries);
        tally.Elapsed = Stopwatch.GetElapsedTime(started);
        return tally;
    }

    /// <summary>Records whose newest acknowledged version is not in their row, and how many records had one.</summary>
    public static async Task<(int Checked, int Lost)> LostAsync(BenchRun run, OfferedBodies bodies)
    {
        run.Progress("checking that every acknowledged change reached Dataverse");
        var rows = await run.System.Dataverse.RowsAsync(EmulatorClient.Accounts, $"startswith(msdyn_source_crm_id,'{bodies.Prefix}')", "msdyn_source_crm_id,numberofemployees");
        var written = rows.ToDictionary(row => (string)row["msdyn_source_crm_id"]!, row => BenchChanges.Marker(row) ?? 0);
        var owed = bodies.AcknowledgedVersions().ToList();
        return (owed.Count, owed.Count(record => written.GetValueOrDefault(record.Id) < record.Version));
    }

    public static async Task SettleAsync(BenchRun run)
    {
        try
        {
            await run.System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromSeconds(run.Quick ? 30 : 180));
        }
        catch (TimeoutException e)
        {
            run.Progress($"going on while the silo still writes: {e.Message}");
        }
    }
}
