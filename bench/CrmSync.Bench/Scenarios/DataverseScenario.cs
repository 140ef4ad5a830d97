namespace CrmSync.Bench.Scenarios;

/// <summary>
/// Scenario 3: the emulator enforces Dataverse's service-protection limits, scaled so that they, not the shared
/// machine, are what binds; a backlog of changes far larger than the limits let through at once is sent, and the scenario
/// measures how close the silo's writer comes to the ceiling the limits allow, how full its requests are, how many 429s
/// it takes, and that every record ends at its newest version.
/// </summary>
public sealed class DataverseScenario : IScenario
{
    private const int RequestsPerWindow = 3;
    private const int WindowSeconds = 5;
    private const int RowsPerRequest = 1000;
    private const int Versions = 2;

    public string Name => "dataverse";

    /// <summary>
    /// The writer is told the window, which Dataverse does not report (the limit it learns from the answers'
    /// x-ms-ratelimit-burst-remaining-xrm-requests, so it starts from Dataverse's 6,000 and finds 3).
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings(bool quick) => new Dictionary<string, string>
    {
        ["CrmSync__Dataverse__RequestWindow"] = TimeSpan.FromSeconds(WindowSeconds).ToString("c"),
    };

    public string Title => "writes under Dataverse's service-protection limits: records per second against the ceiling, records per request, 429s, nothing lost";

    /// <summary>The steady ceiling: every request the window allows, each with the most rows the writer puts in one.</summary>
    public static double CeilingRecordsPerSecond(int requestsPerWindow, int windowSeconds, int rowsPerRequest) =>
        (double)requestsPerWindow / windowSeconds * rowsPerRequest;

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        var records = run.Quick ? 10_000 : 60_000;
        var ceiling = CeilingRecordsPerSecond(RequestsPerWindow, WindowSeconds, RowsPerRequest);
        result.Parameters["records"] = records;
        result.Parameters["versions per record"] = Versions;
        result.Parameters["limits"] = $"{RequestsPerWindow} requests per {WindowSeconds} s window, {4 * WindowSeconds} execution-seconds per window, 52 concurrent, x-ms-dop-hint 8";
        result.Parameters["ceiling records/s"] = ceiling;
        await run.System.Dataverse.SetLimitsAsync(new
        {
            RequestsPerWindow, WindowSeconds, ExecutionSecondsPerWindow = 4 * WindowSeconds, MaxConcurrent = 52, DopHint = 8,
        });
        // The silo's start-up checks, made under the old limits, may hold more of the writer's user's window than the new
        // limit allows; until they leave it the emulator refuses every request, whatever the writer does.
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds), cancellationToken);

        var prefix = $"dv-{BenchChanges.RunId()}";
        var changes = Enumerable.Range(0, records).SelectMany(r => Enumerable.Range(1, Versions).Select(v => BenchChanges.Account($"{prefix}-r{r}", v))).ToArray();
        Random.Shared.Shuffle(changes);
        var requests = changes.Chunk(100).Select(chunk => PreparedRequest.Webhook(chunk, run.System.SourceSecret)).ToList();

        var before = await run.System.Dataverse.StatsAsync();
        var newest = new NewestRows(Versions);
        LoadReport acknowledged;
        TimeSpan converged;
        var written = new WriteTimeline(run.System.Dataverse);
        await using (var watcher = new RowWatcher(run.System.Dataverse, EmulatorClient.Accounts, prefix, "numberofemployees",
            (row, _) => newest.Seen((string)row["msdyn_source_crm_id"]!, BenchChanges.Marker(row)), TimeSpan.FromSeconds(2)))
        {
            run.Progress($"sending {changes.Length:N0} changes for {records:N0} records, 100 per request");
            var clock = Stopwatch.StartNew();
            await using (written.Start())
            {
                acknowledged = await run.Load.ClosedLoopAsync(run.System.GatewayUrl, requests, 16, cancellationToken: cancellationToken);
                run.Progress($"acknowledged in {clock.Elapsed.TotalSeconds:0.0} s; waiting for every row at its newest version (the ceiling drains {records:N0} records in about {records / ceiling:0} s)");
                var patience = TimeSpan.FromSeconds(records / ceiling * 3 + 60);
                while (newest.AtNewest < records && clock.Elapsed < patience)
                {
                    await Task.Delay(250, cancellationToken);
                }

                converged = clock.Elapsed;
            }

            result.Parameters["harness reads"] = watcher.Polls;
            result.Parameters["harness reads refused"] = watcher.Refused;
        }

        var after = await run.System.Dataverse.StatsAsync();
        await run.System.Dataverse.SetLimitsAsync(EmulatorLimits.Unthrottled);
        var harnessReads = (long)result.Parameters["harness reads"];
        var writerRequests = after.Requests - before.Requests - harnessReads;
        var rowsWritten = after.RecordsWritten - before.RecordsWritten;
        var drain = written.SteadyRate(TimeSpan.FromSeconds(WindowSeconds));
        // Read once more at the end: a row the watcher saw at its newest version must not have gone back since.
        var rows = await run.System.Dataverse.RowsAsync(EmulatorClient.Accounts, $"startswith(msdyn_source_crm_id,'{prefix}')", "msdyn_source_crm_id,numberofemployees");
        var lost = records - rows.Where(row => BenchChanges.Marker(row) == Versions).Select(row => (string)row["msdyn_source_crm_id"]!).Distinct().Count();

        var throttled = after.Throttled - before.Throttled - (long)result.Parameters["harness reads refused"];
        var perRequest = (double)rowsWritten / Math.Max(1, writerRequests);
        var perAdmitted = (double)rowsWritten / Math.Max(1, writerRequests - throttled);
        var table = result.AddTable("Writing a backlog under the limits",
            "records", "acknowledged in s", "all rows newest after s", "records/s overall", "rows/s steady", "ceiling rows/s", "steady / ceiling",
            "requests", "of them 429", "rows written", "rows per request", "rows per admitted request", "records not at newest");
        table.Add(records, acknowledged.Elapsed.TotalSeconds, converged.TotalSeconds, records / converged.TotalSeconds, drain.RecordsPerSecond, ceiling,
            $"{drain.RecordsPerSecond / ceiling * 100:0.#}%", writerRequests, throttled, rowsWritten, perRequest, perAdmitted, lost);

        result.AddTarget("rows per Dataverse request under backlog", "≥ 100", perRequest, "rows", perRequest >= 100, $"{perAdmitted:0} per admitted request; 429s counted as requests");
        result.AddTarget("rows per second under backlog", $"≥ 90% of the ceiling ({ceiling:N0}/s)", drain.RecordsPerSecond / ceiling * 100, "%", drain.RecordsPerSecond >= 0.9 * ceiling,
            $"steady rate {drain.RecordsPerSecond:N0}/s over {drain.Over.TotalSeconds:0} s");
        result.AddTarget("records lost", "0", lost, "records", lost == 0 && acknowledged.Failed + acknowledged.Errors == 0,
            acknowledged.Failed + acknowledged.Errors > 0 ? $"webhooks not acknowledged: {acknowledged.DescribeFailures()}" : null);
        var arrivals = records / acknowledged.Elapsed.TotalSeconds;
        if (arrivals < ceiling)
        {
            result.Notes.Add($"The backlog was thin: records arrived at {arrivals:N0}/s, below the ceiling, so the writer was partly waiting for work; the steady rate then measures the intake, not the writer.");
        }

        result.Notes.Add($"Ceiling = requests per window / window × rows per request = {RequestsPerWindow} / {WindowSeconds} s × {RowsPerRequest:N0} = {ceiling:N0} records/s: the most a writer can send once the window is full. "
            + $"Dataverse allows 6,000 requests per 300 s (20/s) and 1,200 execution-seconds per 300 s; here the rate is cut to {RequestsPerWindow / (double)WindowSeconds:0.#}/s and the window to {WindowSeconds} s, so that on a shared 2-core machine the limits, not the CPU, bind, and a run sees many windows. The execution-time limit keeps Dataverse's ratio (4 s per s); concurrency keeps Dataverse's 52.");
        result.Notes.Add($"Steady rate: rows written per second from one window after the first write (the first window's burst allowance excluded) to the last write; {drain.Describe()}.");
        result.Notes.Add("Requests counts the writer's requests only (the emulator's counter, less the harness's own reads and their 429s: the reads use an identity of their own, so they never spend the writer's limits).");
    }

    /// <summary>Which records' rows are at their newest version, as the watcher sees them.</summary>
    private sealed class NewestRows(long newestVersion)
    {
        private readonly HashSet<string> _atNewest = [];
        private int _count;

        public int AtNewest => Volatile.Read(ref _count);

        public void Seen(string sourceId, long? version)
        {
            if (version == newestVersion && _atNewest.Add(sourceId))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}
