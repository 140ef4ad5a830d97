namespace CrmSync.Bench.Scenarios;

/// <summary>
/// Scenario 2: how long a change takes from its webhook to its row in Dataverse, at fixed rates, with the emulator
/// unthrottled. Changes go out in an open loop (one change per request, as CRMs send them); a watcher polls the emulator
/// every 20 ms for newly written rows; a change's lag runs from when its request was due to the poll that saw its row.
/// </summary>
public sealed class LagScenario : IScenario
{
    /// <summary>Each record's next change comes this long after its previous one, so a row is seen at each version.</summary>
    private const int SecondsBetweenChangesOfARecord = 5;

    public string Name => "lag";

    public string Title => "time from webhook to Dataverse row at fixed rates, emulator unthrottled";

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        int[] rates = run.Quick ? [250, 1000] : [100, 500, 1000, 2000];
        var seconds = run.Quick ? 8 : 20;
        result.Parameters["changes per second"] = string.Join(", ", rates);
        result.Parameters["seconds per rate"] = seconds;
        result.Parameters["poll interval ms"] = 20;
        await run.System.Dataverse.SetLimitsAsync(EmulatorLimits.Unthrottled);

        var table = result.AddTable(
            "Webhook-to-row lag (open loop, one change per request)",
            "changes/s", "sent", "acknowledged", "ack p50 ms", "ack p99 ms", "lag p50 ms", "lag p90 ms", "lag p99 ms", "lag max ms", "warm lag p99 ms", "rows never seen");
        var cpu = result.AddTable("Cores busy at each rate", "changes/s", "gateway", "silo", "dataverse", "harness", "other processes", "idle");
        var lagAt = new Dictionary<int, double>();
        foreach (var rate in rates)
        {
            run.Progress($"{rate} changes/s for {seconds} s");
            var records = Math.Max(200, rate * SecondsBetweenChangesOfARecord);
            var prefix = $"lag{rate}-{BenchChanges.RunId()}";
            var count = rate * seconds;
            var changes = Enumerable.Range(0, count).Select(k => BenchChanges.Account($"{prefix}-r{k % records}", k / records + 1, marker: k)).ToList();
            var requests = changes.Select(change => PreparedRequest.Webhook([change], run.System.SourceSecret)).ToList();
            var tracker = new LagTracker(count, records);

            var meter = run.MeasureCpu();
            LoadReport report;
            await using (var watcher = new RowWatcher(run.System.Dataverse, EmulatorClient.Accounts, prefix, "numberofemployees",
                (row, seenAt) => tracker.Seen((int)BenchChanges.Marker(row)!.Value, seenAt)))
            {
                report = await run.Load.OpenLoopAsync(run.System.GatewayUrl, requests, rate, tracker.Due, cancellationToken);
                var deadline = Stopwatch.StartNew();
                while (!tracker.AllSeen && deadline.Elapsed < TimeSpan.FromSeconds(run.Quick ? 10 : 30))
                {
                    await Task.Delay(100, cancellationToken);
                }
            }

            var usage = meter.Stop();
            var lag = tracker.Lags();
            var warm = tracker.Lags(from: records);
            lagAt[rate] = lag.P99;
            table.Add(rate, count, report.Succeeded, report.Latency.P50, report.Latency.P99, lag.P50, lag.P90, lag.P99, lag.Max, warm.P99, count - lag.Count);
            cpu.Add(rate, usage.CoresOf("gateway"), usage.CoresOf("silo"), usage.CoresOf("dataverse"), usage.CoresOf(CpuMeter.Harness),
                usage.OtherSeconds / usage.WallSeconds, usage.IdleSeconds / usage.WallSeconds);
            if (report.Failed + report.Errors > 0)
            {
                result.Notes.Add($"{rate} changes/s: {report.DescribeFailures()}.");
            }
        }

        if (lagAt.TryGetValue(1000, out var p99))
        {
            result.AddTarget("p99 webhook-to-row lag at 1,000 changes/s", "≤ 1,000 ms, emulator unthrottled", p99, "ms", p99 <= 1000);
        }

        result.Notes.Add($"Each record gets a change every {SecondsBetweenChangesOfARecord} s (records = rate × {SecondsBetweenChangesOfARecord}), so the first {SecondsBetweenChangesOfARecord} s of each rate also activate new records; \"warm\" counts only the changes after that, to records already active.");
        result.Notes.Add("Lag is measured from when each request was due, to the end of the poll that saw the row: it includes up to one poll interval (20 ms) and one poll's duration. A change whose row was overwritten by the record's next change before a poll saw it counts as seen with that next change.");
    }

    /// <summary>When each change was due and when its row, or a newer version of it, was first seen.</summary>
    private sealed class LagTracker(int count, int records)
    {
        private readonly long[] _due = new long[count];
        private readonly long[] _seen = new long[count];
        private int _seenCount;

        public bool AllSeen => Volatile.Read(ref _seenCount) == count;

        public void Due(int change, long at) => _due[change] = at;

        /// <summary>Change <paramref name="change"/> is in Dataverse, and with it every earlier change of the same record.</summary>
        public void Seen(int change, long at)
        {
            for (var earlier = change; earlier >= 0 && _seen[earlier] == 0; earlier -= records)
            {
                _seen[earlier] = at;
                Interlocked.Increment(ref _seenCount);
            }
        }

        /// <summary>The lags of the changes from <paramref name="from"/> on: from the record count on, only changes to records already active.</summary>
        public LatencySummary Lags(int from = 0) => LatencySummary.Of(
            [.. Enumerable.Range(from, Math.Max(0, count - from)).Where(i => _seen[i] != 0 && _due[i] != 0).Select(i => Stopwatch.GetElapsedTime(_due[i], _seen[i]).TotalMilliseconds)]);
    }
}
