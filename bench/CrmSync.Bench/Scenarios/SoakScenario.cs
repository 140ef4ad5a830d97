using CrmSync.Abstractions;
using CrmSync.Bench.Scenarios.Offered;
using static CrmSync.Bench.Scenarios.Offered.OpenLoopOffer;

namespace CrmSync.Bench.Scenarios;

/// <summary>
/// Scenario 8: a long run below capacity with a silo restarted now and then, as in production. Two silos on Redis; it
/// measures capacity as the overload scenario does, offers 70% of it for <c>--minutes</c> (30 by default) from senders
/// that resend as CRMs do, restarts the last silo every 5 minutes, and samples every process's resident memory each
/// second. It reports each process's memory trend, the acknowledged rate minute by minute, and whether every
/// acknowledged change reached Dataverse.
/// </summary>
public sealed class SoakScenario : IScenario
{
    private const double ShareOfCapacity = 0.7;

    /// <summary>
    /// A process is flat when its trend is at most 2% of its median resident memory per 10 minutes: the GC's own swings
    /// (a gen-2 collection, a heap growing its budget) move the working set by a few percent either way, while anything
    /// kept per change grows with the changes: at 500 changes/s, 300,000 per 10 minutes, 25 bytes kept per change
    /// already moves a 350 MiB silo by 2%.
    /// </summary>
    private const double FlatPercentPer10Minutes = 2;

    private static readonly TimeSpan TrendUnit = TimeSpan.FromMinutes(10);
    private const double Mib = 1024.0 * 1024;

    public string Name => "soak";

    public string Title => "70% of capacity for 30 minutes, a silo restarted every 5: every process's memory trend, the acknowledged rate, nothing lost";

    public int SilosOnRedis => 2;

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        if (run.System.Silos is not [.., var restarted])
        {
            throw new InvalidOperationException("The soak restarts a silo the harness started; run it without --target.");
        }

        var length = TimeSpan.FromMinutes(run.Minutes ?? (run.Quick ? 1 : 30));
        var restartEvery = run.Quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromMinutes(5);
        var leastWarmUp = run.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromMinutes(5);
        var restartWarmUp = run.Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(1);
        var window = run.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromMinutes(1);
        var capacityPhase = TimeSpan.FromSeconds(run.Quick ? 3 : 15);
        var pool = run.Quick ? 2_000 : 5_000;
        result.Parameters["minutes"] = length.TotalMinutes;
        result.Parameters["share of capacity offered"] = ShareOfCapacity;
        result.Parameters["silos"] = string.Join(", ", run.System.Silos);
        result.Parameters["restarted"] = $"{restarted} every {restartEvery.TotalSeconds:0} s (SIGTERM, then started again)";
        result.Parameters["capacity phase seconds"] = capacityPhase.TotalSeconds;
        result.Parameters["records"] = pool;
        result.Parameters["changes per request"] = OfferedBodies.PerRequest;
        result.Parameters["resends"] = "first after 1 s, doubling to 30 s, ±25% jitter, never sooner than Retry-After; none after the run ends";

        await run.System.Dataverse.SetLimitsAsync(EmulatorLimits.Unthrottled);
        var bodies = new OfferedBodies($"soak-{BenchChanges.RunId()}", pool, run.System.SourceSecret);
        run.Progress($"activating the {pool:N0} records");
        await run.Load.ClosedLoopAsync(run.System.GatewayUrl, bodies.Warming(), 16, cancellationToken: cancellationToken);
        await SettleAsync(run);

        run.Progress($"capacity: 8 senders for {capacityPhase.TotalSeconds:0} s");
        var measured = await run.Load.ClosedLoopAsync(run.System.GatewayUrl, bodies.Next((int)(capacityPhase.TotalSeconds * 300)), 8, capacityPhase, cancellationToken: cancellationToken);
        var capacity = measured.SucceededPerSecond * OfferedBodies.PerRequest;
        await SettleAsync(run);

        var offered = ShareOfCapacity * capacity;
        // Each record keeps its last changes in its state, so the silos' and Redis's memory rises until every record has had
        // that many: pool × kept ÷ rate. The trend starts after that, and the pool is sized so that it fills within the
        // first minutes of a 30-minute run (the run of 2026-12-04, 20,000 records, filled for 13 minutes).
        var filled = TimeSpan.FromSeconds(pool * RecentChange.KeptPerRecord / offered);
        // A quick run is a smoke test of a minute: it keeps its 10 s warm-up and reports a trend that means little.
        var warmUp = run.Quick || filled <= leastWarmUp ? leastWarmUp : filled + TimeSpan.FromMinutes(1);
        run.Progress($"soak: {offered:N0} changes/s ({ShareOfCapacity * 100:0}% of {capacity:N0}) for {length.TotalMinutes:0.#} min, {restarted} restarted every {restartEvery.TotalSeconds:0} s");
        var tally = new PhaseTally();
        var restarts = new List<SiloRestart>();
        var placements = new List<RecordPlacement>();
        var timeline = ResidentMemory.Watch(() => run.System.Processes, TimeSpan.FromSeconds(1));
        await using (timeline)
        {
            using var stopReporting = new CancellationTokenSource();
            var restarting = RestartEveryAsync(run, restarted, restartEvery, length, restarts, cancellationToken);
            var reporting = ReportEveryAsync(run, tally, timeline, placements, window, stopReporting.Token);
            await OfferAsync(run, bodies, offered / OfferedBodies.PerRequest, length, tally, cancellationToken);
            await stopReporting.CancelAsync();
            await Task.WhenAll(restarting, reporting);
        }

        await SettleAsync(run);
        var (checkedRecords, lost) = await LostAsync(run, bodies);

        var acknowledged = tally.AcknowledgedChanges / tally.Elapsed.TotalSeconds;
        result.AddTable("The soak (100 changes per request)", "capacity changes/s", "offered changes/s", "acknowledged changes/s", "of offered", "ack p50 ms", "ack p99 ms", "requests", "refused 429", "503", "no answer", "deliveries acknowledged")
            .Add(capacity, offered, acknowledged, $"{acknowledged / offered * 100:0.#}%", tally.Acknowledged.P50, tally.Acknowledged.P99, tally.Requests, tally.RefusedCount,
                tally.Statuses.GetValueOrDefault(503), tally.NoAnswer, $"{tally.DeliveriesAcknowledged:N0} of {tally.Deliveries:N0}");

        var rates = result.AddTable($"Acknowledged changes per {Describe(window)}", "from", "to", "acknowledged changes/s", "of offered", "refused 429", "other answers or none", "restarts");
        foreach (var slice in tally.Windows(window, tally.Elapsed))
        {
            rates.Add(Describe(slice.From), Describe(slice.To), slice.AcknowledgedPerSecond, $"{slice.AcknowledgedPerSecond / offered * 100:0.#}%", slice.Refused, slice.Failed,
                restarts.Count(restart => restart.At >= slice.From && restart.At < slice.To));
        }

        var restartTable = result.AddTable("Silo restarts", "at", "silo", "seconds to healthy again", "outcome");
        foreach (var restart in restarts)
        {
            restartTable.Add(Describe(restart.At), restart.Silo, restart.Took.TotalSeconds, restart.Failure ?? "healthy");
        }

        var placementTable = result.AddTable($"Record grains active on each silo, each {Describe(window)}", ["at", .. run.System.Silos]);
        foreach (var placement in placements)
        {
            placementTable.Add([Describe(placement.At), .. run.System.Silos.Select(silo => placement.Active.GetValueOrDefault(silo) is { } active ? $"{active:N0}" : "no answer")]);
        }

        // The first restart moves the restarted silo's records to the other silo for good: Orleans places an activation
        // once and does not move it back when its silo returns, and the soak keeps every record busy. That step is a new
        // layout, not growth, so the trend starts once it has settled (the table above shows the layout staying put).
        if (!run.Quick && restarts is [var first, ..])
        {
            warmUp = Max(warmUp, first.At + first.Took + restartWarmUp);
        }

        result.Parameters["memory trend skips"] = $"the first {warmUp.TotalSeconds:0} s of the run (the records' recent-change lists fill in about {filled.TotalSeconds:0} s, and the first restart moves records between silos) and the first {restartWarmUp.TotalSeconds:0} s after each restart";
        AddMemory(result, timeline, warmUp, restartWarmUp, acknowledged);
        result.AddTable("Acknowledged changes in Dataverse", "records with an acknowledged change", "rows behind their newest acknowledged version or missing")
            .Add(checkedRecords, lost);
        result.AddTarget("nothing acknowledged lost", "0 rows behind an acknowledged version", lost, "rows", lost == 0, $"{checkedRecords:N0} records checked");

        if (tally.FirstFailure is { } failure)
        {
            result.Notes.Add($"Answers other than 2xx and 429: {string.Join(", ", tally.Statuses.Where(s => s.Key is not (>= 200 and < 300) and not 429).Select(s => $"{s.Value:N0} × {s.Key}"))}, {tally.NoAnswer:N0} without an answer (first: {failure}).");
        }

        result.Notes.Add("Capacity is acknowledged changes per second from 8 closed-loop senders, as in the overload scenario; the soak then starts new requests at 70% of it (open loop), each resent by its own sender until acknowledged.");
        result.Notes.Add($"Memory trend: the least-squares slope of VmRSS over time, sampled each second; for a process with three lives or more after the warm-up (restarted), the slope of each life's median over the life's middle time (the pooled slope within lives, in the table of lives, measures each life's warm-up). Flat means ≤ {FlatPercentPer10Minutes}% of the process's median per 10 minutes; the last column is the slope over the acknowledged rate, the bytes each acknowledged change would leave behind if the trend were a leak.");
        result.Notes.Add("Lost: after the run, once the silos have written everything, each record's row must be at least at the newest version acknowledged for it.");
    }

    /// <summary>Restarts <paramref name="silo"/> every <paramref name="every"/> until <paramref name="length"/> has passed; a restart that fails is reported and the next one tried.</summary>
    private static async Task RestartEveryAsync(BenchRun run, string silo, TimeSpan every, TimeSpan length, List<SiloRestart> restarts, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var due = every; due < length; due += every)
        {
            // A restart slower than the interval (quick runs on a busy machine) is followed by the next one at once.
            if (due - clock.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var at = clock.Elapsed;
            run.Progress($"restarting {silo}");
            string? failure = null;
            try
            {
                await run.System.RestartAsync(silo);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e.Message.Split(Environment.NewLine)[0];
                run.Progress($"{silo} did not come back: {failure}");
            }

            restarts.Add(new SiloRestart(at, silo, clock.Elapsed - at, failure));
            run.Progress($"{silo} {(failure is null ? "healthy" : "failed")} after {(clock.Elapsed - at).TotalSeconds:0.0} s");
        }
    }

    /// <summary>
    /// A progress line each <paramref name="window"/>: the acknowledged rate, every process's memory and the record grains
    /// active on each silo, to watch a long run; the latter also kept in <paramref name="placements"/> for the report.
    /// </summary>
    private static async Task ReportEveryAsync(BenchRun run, PhaseTally tally, ResidentMemory timeline, List<RecordPlacement> placements, TimeSpan window, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(window);
        var clock = Stopwatch.StartNew();
        var before = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = tally.AcknowledgedChanges;
                var memory = timeline.Processes.Select(process => $"{process} {timeline.Samples(process)[^1].Bytes / Mib:N0}");
                var placement = new RecordPlacement(clock.Elapsed, await ActiveRecordsAsync(run));
                placements.Add(placement);
                var active = placement.Active.Select(silo => $"{silo.Key} {(silo.Value is { } count ? $"{count:N0}" : "no answer")}");
                run.Progress($"{(now - before) / window.TotalSeconds:N0} acknowledged changes/s; MiB: {string.Join(", ", memory)}; record grains: {string.Join(", ", active)}");
                before = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The record grains active on each silo, or null for a silo that did not answer (one restarting).</summary>
    private static async Task<IReadOnlyDictionary<string, int?>> ActiveRecordsAsync(BenchRun run)
    {
        var active = new Dictionary<string, int?>();
        foreach (var silo in run.System.Silos)
        {
            using var client = new SiloClient(run.System.SiloUrlOf(silo));
            try
            {
                active[silo] = (await client.ReadAsync().WaitAsync(TimeSpan.FromSeconds(5))).RecordGrainActivations;
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException)
            {
                active[silo] = null;
            }
        }

        return active;
    }

    private static void AddMemory(ScenarioResult result, ResidentMemory timeline, TimeSpan warmUp, TimeSpan restartWarmUp, double acknowledgedPerSecond)
    {
        var trends = result.AddTable(
            $"Resident memory of every process (VmRSS each second; trend without the first {Describe(warmUp)} and the first {Describe(restartWarmUp)} after a restart)",
            "process", "lives", "start MiB", "peak MiB", "end MiB", "median MiB", "trend MiB / 10 min", "trend % of median / 10 min", "bytes per acknowledged change", "trend over");
        var lives = result.AddTable("Each life of each process", "process", "pid", "from", "to", "start MiB", "peak MiB", "end MiB", "trend MiB / 10 min");
        foreach (var process in timeline.Processes)
        {
            var samples = timeline.Samples(process);
            var settled = MemoryTrend.Settled(samples, warmUp, restartWarmUp);
            // A process restarted every few minutes is judged life over life: within each life it is warming up again.
            var lifeOverLife = MemoryTrend.LifeOverLifeBytesPerSecond(settled);
            var slope = lifeOverLife ?? MemoryTrend.BytesPerSecond(settled);
            var median = MemoryTrend.MedianBytes(settled);
            var perTenMinutes = slope * TrendUnit.TotalSeconds;
            var percent = perTenMinutes / median * 100;
            var pids = samples.Select(sample => sample.Pid).Distinct().ToList();
            trends.Add(process, pids.Count, samples[0].Bytes / Mib, samples.Max(sample => sample.Bytes) / Mib, samples[^1].Bytes / Mib, median / Mib,
                perTenMinutes / Mib, percent, slope / acknowledgedPerSecond, lifeOverLife is null ? "the run" : "each life's median");
            foreach (var pid in pids)
            {
                var life = samples.Where(sample => sample.Pid == pid).ToList();
                lives.Add(process, pid, Describe(life[0].At), Describe(life[^1].At), life[0].Bytes / Mib, life.Max(sample => sample.Bytes) / Mib, life[^1].Bytes / Mib,
                    MemoryTrend.BytesPerSecond(settled.Where(sample => sample.Pid == pid)) * TrendUnit.TotalSeconds / Mib);
            }

            if (percent is { } measured)
            {
                result.AddTarget($"{process} memory flat", $"trend ≤ {FlatPercentPer10Minutes}% of its median per 10 min", measured, "% / 10 min", measured <= FlatPercentPer10Minutes,
                    $"{perTenMinutes / Mib:+0.0;-0.0} MiB / 10 min, median {median / Mib:N0} MiB");
            }
            else
            {
                result.Notes.Add($"{process}: too few samples after the warm-up for a trend.");
            }
        }
    }

    private static string Describe(TimeSpan time) => time.TotalMinutes >= 1 ? $"{time.TotalMinutes:0.#} min" : $"{time.TotalSeconds:0} s";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record RecordPlacement(TimeSpan At, IReadOnlyDictionary<string, int?> Active);

    private sealed record SiloRestart(TimeSpan At, string Silo, TimeSpan Took, string? Failure);
}
