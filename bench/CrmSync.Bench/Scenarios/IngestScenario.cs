using CrmSync.Bench.Bare;

namespace CrmSync.Bench.Scenarios;

/// <summary>
/// Scenario 1: how many signed webhooks the gateway acknowledges per second, durably (each answer waits for the record
/// grains to store their changes), and how long each waits, at several concurrency levels, one change per request and
/// batched; the same client against a bare Kestrel endpoint that only reads the body gives the machine's ceiling.
/// </summary>
public sealed class IngestScenario : IScenario
{
    public string Name => "ingest";

    public string Title => "durable webhook acknowledgements per second and their latency, against a bare Kestrel ceiling";

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        int[] levels = run.Quick ? [16, 64] : [1, 8, 32, 128, 256];
        var phase = TimeSpan.FromSeconds(run.Quick ? 2 : 10);
        var batch = run.Quick ? 50 : 100;
        var pool = run.Quick ? 4_000 : 50_000;
        result.Parameters["senders"] = string.Join(", ", levels);
        result.Parameters["seconds per phase"] = phase.TotalSeconds;
        result.Parameters["records"] = pool;
        result.Parameters["changes per batched request"] = batch;

        await run.System.Dataverse.SetLimitsAsync(EmulatorLimits.Unthrottled);
        var port = Ports.Free(1)[0];
        run.Progress($"starting the bare Kestrel server on port {port}");
        await using var bare = await BareServer.StartAsync(port);
        var bareUrl = bare.Url;

        var table = result.AddTable(
            "Acknowledged webhooks per second and acknowledgement latency (closed loop: each sender sends again once answered)",
            "body", "senders", "CrmSync req/s", "changes/s", "p50 ms", "p99 ms", "not 2xx", "bare req/s", "bare p50 ms", "bare p99 ms", "CrmSync / bare");
        var cpu = result.AddTable("Cores busy during each CrmSync phase (2.0 = both cores of a 2-core machine)", "body", "senders", "gateway", "silo", "dataverse", "harness", "other processes", "idle");
        var best = new Dictionary<int, (double CrmSync, double Bare)>();
        foreach (var perRequest in new[] { 1, batch })
        {
            var body = perRequest == 1 ? "1 change" : $"{perRequest} changes";
            var bodies = new IngestBodies($"ing{perRequest}-{BenchChanges.RunId()}", pool, perRequest, run.System.SourceSecret);
            run.Progress($"{body}: activating the {pool:N0} records");
            await run.Load.ClosedLoopAsync(run.System.GatewayUrl, bodies.Warming(), 16, cancellationToken: cancellationToken);
            await SettleAsync(run);

            var expectedRate = perRequest == 1 ? 3000.0 : 100.0;
            foreach (var senders in levels)
            {
                var requests = bodies.Next((int)(expectedRate * 2 * phase.TotalSeconds) + senders);
                run.Progress($"{body}, {senders} senders: CrmSync");
                var meter = run.MeasureCpu();
                var crmSync = await run.Load.ClosedLoopAsync(run.System.GatewayUrl, requests, senders, phase, cancellationToken: cancellationToken);
                var usage = meter.Stop();
                await SettleAsync(run);
                run.Progress($"{body}, {senders} senders: bare Kestrel");
                var ceiling = await run.Load.ClosedLoopAsync(bareUrl, requests, senders, phase, cycle: true, cancellationToken);

                expectedRate = Math.Max(expectedRate, crmSync.SucceededPerSecond);
                table.Add(body, senders, crmSync.SucceededPerSecond, crmSync.SucceededPerSecond * perRequest, crmSync.Latency.P50, crmSync.Latency.P99,
                    crmSync.Failed + crmSync.Errors, ceiling.SucceededPerSecond, ceiling.Latency.P50, ceiling.Latency.P99,
                    $"{crmSync.SucceededPerSecond / ceiling.SucceededPerSecond * 100:0.#}%");
                cpu.Add(body, senders, usage.CoresOf("gateway"), usage.CoresOf("silo"), usage.CoresOf("dataverse"), usage.CoresOf(CpuMeter.Harness),
                    usage.OtherSeconds / usage.WallSeconds, usage.IdleSeconds / usage.WallSeconds);
                if (crmSync.Failed + crmSync.Errors > 0)
                {
                    result.Notes.Add($"{body}, {senders} senders: {crmSync.DescribeFailures()}.");
                }

                if (crmSync.Requests >= requests.Count)
                {
                    result.Notes.Add($"{body}, {senders} senders: the {requests.Count:N0} prepared requests ran out after {crmSync.Elapsed.TotalSeconds:0.0} s; the rate is over that time.");
                }

                var (bestCrmSync, bestBare) = best.GetValueOrDefault(perRequest);
                best[perRequest] = (Math.Max(bestCrmSync, crmSync.SucceededPerSecond), Math.Max(bestBare, ceiling.SucceededPerSecond));
            }
        }

        foreach (var (perRequest, (crmSync, ceiling)) in best)
        {
            var ratio = crmSync / ceiling * 100;
            result.AddTarget(
                $"durable ingest, {(perRequest == 1 ? "1 change" : $"{perRequest} changes")} per request",
                "≥ 50% of the bare Kestrel ceiling (best level of each)",
                ratio, "%", ratio >= 50,
                $"{crmSync:N0} vs {ceiling:N0} requests/s");
        }

        result.Notes.Add("Each change is a new version of one of the records, so every acknowledgement waits for a grain to store it (SQLite, synchronous=FULL, group commit); the records were activated before measuring.");
        result.Notes.Add("Between phases the harness waits until the silo has written the backlog to the emulator (unthrottled), so no phase pays for the previous one's Dataverse writes; within a phase it does.");
        result.Notes.Add("The bare server gets the same signed bodies from the same client; it reads each body and answers 200, in a process of its own with the gateway's server GC.");
    }

    private static async Task SettleAsync(BenchRun run)
    {
        try
        {
            await run.System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromSeconds(run.Quick ? 20 : 120));
        }
        catch (TimeoutException e)
        {
            run.Progress($"going on while the silo still writes: {e.Message}");
        }
    }

    /// <summary>
    /// Webhooks for a pool of records, each change a newer version of its record than any before it: change i is
    /// record i mod pool at version i / pool + 1. Requests prepared but not sent leave gaps in the versions, which is allowed.
    /// </summary>
    private sealed class IngestBodies(string prefix, int pool, int perRequest, string secret)
    {
        private long _next;

        /// <summary>One change per record, a hundred to a request: the records become active and their rows exist.</summary>
        public IReadOnlyList<PreparedRequest> Warming()
        {
            var changes = Enumerable.Range(0, pool).Select(_ => Change(_next++)).ToList();
            return [.. changes.Chunk(100).Select(chunk => PreparedRequest.Webhook(chunk, secret))];
        }

        public IReadOnlyList<PreparedRequest> Next(int count) =>
            [.. Enumerable.Range(0, count).Select(_ => PreparedRequest.Webhook([.. Enumerable.Range(0, perRequest).Select(_ => Change(_next++))], secret))];

        private GenericChange Change(long i) => BenchChanges.Account($"{prefix}-r{i % pool}", i / pool + 1);
    }
}
