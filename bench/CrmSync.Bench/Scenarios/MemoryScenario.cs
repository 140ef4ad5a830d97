namespace CrmSync.Bench.Scenarios;

/// <summary>
/// Scenario 6: the managed heap one active record grain costs, and that record grains left idle are deactivated. It
/// reads the silo's <c>/diagnostics</c> (a full GC first) before and after activating N records, then waits for the
/// record grains to be collected, which the harness makes quick with <c>CrmSync__Records__IdleAfter</c>.
/// </summary>
public sealed class MemoryScenario : IScenario
{
    public string Name => "memory";

    public string Title => "bytes per active record grain, and idle record grains deactivated";

    private static TimeSpan IdleAfter(bool quick) => TimeSpan.FromSeconds(quick ? 20 : 120);

    public IReadOnlyDictionary<string, string> Settings(bool quick) =>
        new Dictionary<string, string> { ["CrmSync__Records__IdleAfter"] = $"{IdleAfter(quick):c}" };

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        var siloUrl = run.System.SiloUrl
            ?? throw new InvalidOperationException("The memory scenario reads the silo's /diagnostics; give the silo's HTTP endpoint with --silo, e.g. --silo http://127.0.0.1:5081.");
        var records = run.Quick ? 10_000 : 200_000;
        using var silo = new SiloClient(siloUrl);
        await run.System.Dataverse.SetLimitsAsync(EmulatorLimits.Unthrottled);

        var idle = await silo.ReadAsync();
        var idleAfter = idle.RecordIdleAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        result.Parameters["records"] = records;
        result.Parameters["CrmSync:Records:IdleAfter"] = idleAfter?.ToString("c") ?? "not set (Orleans' default, 2 hours)";

        var table = result.AddTable("Silo memory (after a full, compacting GC)", "stage", "record grains active", "all activations", "GC heap MiB", "working set MiB", "seconds since start");
        var clock = Stopwatch.StartNew();
        var before = await silo.ReadAsync(collect: true);
        table.Add("before", before.RecordGrainActivations, before.Activations, Mib(before.GcHeapBytes), Mib(before.WorkingSetBytes), clock.Elapsed.TotalSeconds);

        var prefix = $"mem-{BenchChanges.RunId()}";
        var requests = Enumerable.Range(0, records).Select(r => BenchChanges.Account($"{prefix}-r{r}", 1)).Chunk(100)
            .Select(chunk => PreparedRequest.Webhook(chunk, run.System.SourceSecret)).ToList();
        run.Progress($"activating {records:N0} record grains");
        var sent = await run.Load.ClosedLoopAsync(run.System.GatewayUrl, requests, 16, cancellationToken: cancellationToken);
        await run.System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromMinutes(run.Quick ? 1 : 5));
        var active = await silo.ReadAsync(collect: true);
        table.Add($"{records:N0} records written", active.RecordGrainActivations, active.Activations, Mib(active.GcHeapBytes), Mib(active.WorkingSetBytes), clock.Elapsed.TotalSeconds);

        var grains = active.RecordGrainActivations - before.RecordGrainActivations;
        var bytesPerGrain = grains > 0 ? (double)(active.GcHeapBytes - before.GcHeapBytes) / grains : double.NaN;
        var workingSetPerGrain = grains > 0 ? (double)(active.WorkingSetBytes - before.WorkingSetBytes) / grains : double.NaN;

        var patience = (idleAfter ?? TimeSpan.FromHours(2)) * 2 + TimeSpan.FromSeconds(30);
        run.Progress($"waiting up to {patience.TotalSeconds:0} s for the idle record grains to be deactivated");
        var waited = Stopwatch.StartNew();
        var now = active;
        while (now.RecordGrainActivations > 0 && waited.Elapsed < patience)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            now = await silo.ReadAsync();
        }

        var after = await silo.ReadAsync(collect: true);
        table.Add("idle grains collected", after.RecordGrainActivations, after.Activations, Mib(after.GcHeapBytes), Mib(after.WorkingSetBytes), clock.Elapsed.TotalSeconds);

        var perGrain = result.AddTable("Per active record grain", "GC heap bytes", "working set bytes", "GC heap for 1,000,000 active records, GiB");
        perGrain.Add(bytesPerGrain, workingSetPerGrain, bytesPerGrain * 1_000_000 / (1024.0 * 1024 * 1024));

        result.AddTarget("idle record grains deactivated", $"0 left after IdleAfter ({idleAfter?.TotalSeconds:0} s) and one collection quantum", after.RecordGrainActivations, "grains",
            after.RecordGrainActivations == 0, $"{grains:N0} became active; the last went {waited.Elapsed.TotalSeconds:0} s after the writes settled");
        if (sent.Failed + sent.Errors > 0)
        {
            result.Notes.Add($"Not every activation webhook was acknowledged: {sent.DescribeFailures()}.");
        }

        result.Notes.Add("Bytes per grain = growth of the GC heap (after a forced full, compacting collection in the silo) / growth in active record grains (Orleans' management grain), once every row was written, so no write was in flight.");
        result.Notes.Add("Working set per grain also counts SQLite's page cache and memory the runtime keeps after a GC; it is the upper figure.");
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024);
}
