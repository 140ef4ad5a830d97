using System.Text.Json;
using CrmSync.Testing.Processes;

namespace CrmSync.Bench.Scenarios;

/// <summary>
/// Scenario 4: N records × K versions, each change delivered twice, all shuffled, sent at high concurrency to CrmSync
/// and to two baselines that behave as Microsoft's flows do, straight against the emulator's Web API: (a) every event
/// handled at once, one upsert per event with no version check (the flows' default); (b) one event at a time (trigger
/// concurrency 1). For each: throughput, and ordering violations (rows not at their newest version).
/// </summary>
public sealed class OrderingScenario : IScenario
{
    private const int Senders = 64;

    public string Name => "ordering";

    public string Title => "shuffled, duplicated versions at high concurrency: CrmSync against flow-like baselines";

    /// <summary>Per Dataverse request: none (the emulator's own speed), and about what a real environment takes for one.</summary>
    private static readonly int[] LatenciesMs = [0, 50];

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        var (records, versions) = run.Quick ? (400, 5) : (5000, 10);
        result.Parameters["records × versions"] = $"{records:N0} × {versions}, each delivered twice";
        result.Parameters["senders"] = Senders;
        result.Parameters["Dataverse latency ms"] = string.Join(", ", LatenciesMs);
        await run.System.Dataverse.SetLimitsAsync(EmulatorLimits.Unthrottled);

        var table = result.AddTable("Throughput and ordering",
            "Dataverse latency ms", "contender", "deliveries", "senders", "deliveries/s", "all answered in s", "rows final after s", "not 2xx", "rows not at newest", "missing rows", "duplicate rows");
        var speedups = new List<string>();
        foreach (var latency in LatenciesMs)
        {
            await run.System.Dataverse.SetFaultsAsync(new { LatencyMilliseconds = latency });
            // One event at a time takes a round trip per event: with latency, a few seconds' worth of them tells its rate.
            var oneAtATimeRecords = latency == 0 ? records / (run.Quick ? 1 : 10) : (run.Quick ? 10 : 40);
            var crmSync = await RunCrmSyncAsync(run, records, versions, cancellationToken);
            table.Add(crmSync.ToRow(latency, "CrmSync (webhooks)", Senders));
            var parallel = await RunFlowAsync(run, "a", records, versions, Senders, cancellationToken);
            table.Add(parallel.ToRow(latency, "(a) flow, every event in parallel, no version check", Senders));
            var oneAtATime = await RunFlowAsync(run, "b", oneAtATimeRecords, versions, 1, cancellationToken);
            table.Add(oneAtATime.ToRow(latency, "(b) flow, trigger concurrency 1", 1));

            result.AddTarget($"CrmSync ordering violations, {latency} ms per Dataverse request", "0", crmSync.Violations, "rows", crmSync.Violations == 0);
            var speedup = crmSync.PerSecond / oneAtATime.PerSecond;
            speedups.Add($"{speedup:0.#}× at {latency} ms");
            if (latency == LatenciesMs[^1])
            {
                result.AddTarget($"CrmSync throughput against baseline (b), {latency} ms per Dataverse request", "≥ 50×", speedup, "×", speedup >= 50,
                    $"{crmSync.PerSecond:N0} vs {oneAtATime.PerSecond:N0} deliveries/s ({string.Join(", ", speedups)})");
            }
        }

        await run.System.Dataverse.SetFaultsAsync(new { LatencyMilliseconds = 0 });
        result.Notes.Add("CrmSync's throughput counts until every row is at its newest version in Dataverse (acknowledgement alone would flatter it); a baseline's counts until its last request is answered, which is when a flow is done.");
        result.Notes.Add("The baselines send each event as one PATCH by the alternate key (msdyn_source_crm, msdyn_source_crm_id) with the event's columns, as the flows' \"update or add a row\" does, to the same emulator, unthrottled. "
            + "At 0 ms the emulator answers in about a millisecond, far faster than Dataverse; the 50 ms rows add that much to every Web API request (the emulator's LatencyMilliseconds fault), about what one Dataverse request takes, and the throughput target is judged there. Power Automate's own time per run (seconds) is not modelled, which flatters both baselines.");
        result.Notes.Add("A row violates ordering when its numberofemployees (each version writes its own number into it) is not the newest version's. Baseline (b) runs fewer records than the others, since it takes one round trip per event; its rate does not depend on how many.");
    }

    private static async Task<Outcome> RunCrmSyncAsync(BenchRun run, int records, int versions, CancellationToken cancellationToken)
    {
        var prefix = $"ord-{BenchChanges.RunId()}";
        var deliveries = Deliveries(prefix, records, versions);
        var requests = deliveries.Select(change => PreparedRequest.Webhook([change], run.System.SourceSecret)).ToList();
        var atNewest = new HashSet<string>();
        run.Progress($"CrmSync: {requests.Count:N0} webhooks, {Senders} senders");
        var clock = Stopwatch.StartNew();
        LoadReport report;
        TimeSpan final;
        await using (new RowWatcher(run.System.Dataverse, EmulatorClient.Accounts, prefix, "numberofemployees", (row, _) =>
        {
            lock (atNewest)
            {
                if (BenchChanges.Marker(row) == versions)
                {
                    atNewest.Add((string)row["msdyn_source_crm_id"]!);
                }
            }
        }, TimeSpan.FromMilliseconds(50)))
        {
            report = await run.Load.ClosedLoopAsync(run.System.GatewayUrl, requests, Senders, cancellationToken: cancellationToken);
            while (Count(atNewest) < records && clock.Elapsed < report.Elapsed + TimeSpan.FromSeconds(run.Quick ? 20 : 120))
            {
                await Task.Delay(50, cancellationToken);
            }

            final = clock.Elapsed;
        }

        await run.System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromSeconds(60));
        return await Outcome.ReadAsync(run, prefix, records, versions, requests.Count, report, final);
    }

    private static async Task<Outcome> RunFlowAsync(BenchRun run, string name, int records, int versions, int senders, CancellationToken cancellationToken)
    {
        var prefix = $"flow{name}-{BenchChanges.RunId()}";
        var requests = Deliveries(prefix, records, versions).Select(FlowUpsert).ToList();
        run.Progress($"baseline ({name}): {requests.Count:N0} upserts, {senders} at a time");
        var report = await run.Load.ClosedLoopAsync(run.System.DataverseUrl, requests, senders, cancellationToken: cancellationToken);
        return await Outcome.ReadAsync(run, prefix, records, versions, requests.Count, report, report.Elapsed);
    }

    /// <summary>Every version of every record twice, shuffled: the order a busy CRM's retried notifications arrive in.</summary>
    private static GenericChange[] Deliveries(string prefix, int records, int versions)
    {
        var changes = Enumerable.Range(0, records).SelectMany(r => Enumerable.Range(1, versions).Select(v => BenchChanges.Account($"{prefix}-r{r}", v))).ToList();
        GenericChange[] deliveries = [.. changes, .. changes];
        Random.Shared.Shuffle(deliveries);
        return deliveries;
    }

    /// <summary>What a flow run does with one event: upsert the row by the source columns, with the event's columns, no questions asked.</summary>
    private static PreparedRequest FlowUpsert(GenericChange change) => new(
        HttpMethod.Patch,
        $"api/data/v9.2/{EmulatorClient.Accounts}(msdyn_source_crm={CrmSyncResources.OtherSourceCrmValue},msdyn_source_crm_id='{change.Id}')",
        JsonSerializer.SerializeToUtf8Bytes(change.ToJson()["fields"]!.AsObject()),
        []);

    private static int Count(HashSet<string> set)
    {
        lock (set)
        {
            return set.Count;
        }
    }

    /// <param name="Final">When every row was at its newest version (or the wait gave up).</param>
    private sealed record Outcome(int Deliveries, LoadReport Report, TimeSpan Final, int NotNewest, int Missing, int Duplicates)
    {
        public int Violations => NotNewest + Missing + Duplicates;

        public double PerSecond => Deliveries / Final.TotalSeconds;

        public static async Task<Outcome> ReadAsync(BenchRun run, string prefix, int records, int versions, int deliveries, LoadReport report, TimeSpan final)
        {
            var rows = await run.System.Dataverse.RowsAsync(EmulatorClient.Accounts, $"startswith(msdyn_source_crm_id,'{prefix}')", "msdyn_source_crm_id,numberofemployees");
            var bySourceId = rows.GroupBy(row => (string)row["msdyn_source_crm_id"]!).ToList();
            return new Outcome(
                deliveries,
                report,
                final,
                bySourceId.Count(group => group.Any(row => BenchChanges.Marker(row) != versions)),
                records - bySourceId.Count,
                bySourceId.Count(group => group.Count() > 1));
        }

        public object?[] ToRow(int latency, string contender, int senders) =>
            [latency, contender, Deliveries, senders, PerSecond, Report.Elapsed.TotalSeconds, Final.TotalSeconds, Report.Failed + Report.Errors, NotNewest, Missing, Duplicates];
    }
}
