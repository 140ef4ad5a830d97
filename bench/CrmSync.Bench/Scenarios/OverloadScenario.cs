using System.Collections;
using CrmSync.Abstractions;
using CrmSync.Bench.Scenarios.Offered;
using static CrmSync.Bench.Scenarios.Offered.OpenLoopOffer;

namespace CrmSync.Bench.Scenarios;

/// <summary>
/// Scenario 7: the gateway offered more than it can take. It measures capacity (acknowledged changes per second from 8
/// closed-loop senders of 100 changes, the ingest scenario's best batched level), then offers 3× and 10× that as new
/// deliveries in an open loop, each resent as CRMs resend (<see cref="CrmRetries"/>) until acknowledged or the phase is
/// over. It reports what was acknowledged, how long acknowledgements and refusals took, the gateway's and the silo's
/// resident memory, and whether every acknowledged change reached Dataverse.
/// </summary>
public sealed class OverloadScenario : IScenario
{
    private const int PerRequest = 100;
    private const string WebhookSettings = "CrmSync__Webhooks__";

    public string Name => "overload";

    public string Title => "webhooks offered at 3× and 10× capacity by senders that resend as CRMs do: acknowledged rate, refusals, memory, nothing lost";

    /// <summary>The harness's own CrmSync__Webhooks__* variables go to the system it starts, to measure another limit.</summary>
    public IReadOnlyDictionary<string, string> Settings(bool quick) =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(variable => ((string)variable.Key).StartsWith(WebhookSettings, StringComparison.Ordinal))
            .ToDictionary(variable => (string)variable.Key, variable => (string)variable.Value!);

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        int[] multiples = [3, 10];
        var phase = TimeSpan.FromSeconds(run.Quick ? 6 : 60);
        var capacityPhase = TimeSpan.FromSeconds(run.Quick ? 3 : 20);
        var pool = run.Quick ? 2_000 : 20_000;
        result.Parameters["capacity phase seconds"] = capacityPhase.TotalSeconds;
        result.Parameters["seconds per overload phase"] = phase.TotalSeconds;
        result.Parameters["records"] = pool;
        result.Parameters["changes per request"] = PerRequest;
        result.Parameters["resends"] = "first after 1 s, doubling to 30 s, ±25% jitter, never sooner than Retry-After; none after the phase ends";
        foreach (var (name, value) in Settings(run.Quick))
        {
            result.Parameters[name] = value;
        }

        await run.System.Dataverse.SetLimitsAsync(EmulatorLimits.Unthrottled);
        var bodies = new OfferedBodies($"ovl-{BenchChanges.RunId()}", pool, run.System.SourceSecret);
        run.Progress($"activating the {pool:N0} records");
        await run.Load.ClosedLoopAsync(run.System.GatewayUrl, bodies.Warming(), 16, cancellationToken: cancellationToken);
        await SettleAsync(run);

        var table = result.AddTable(
            "Acknowledged changes and answers under overload (100 changes per request)",
            "offered", "new changes/s", "acknowledged changes/s", "of capacity", "ack p50 ms", "ack p99 ms", "requests", "refused 429", "refusal p50 ms", "refusal p99 ms", "503", "no answer", "deliveries acknowledged");
        var memory = result.AddTable("Resident memory (VmRSS sampled every 250 ms)", "phase", "gateway at start MiB", "gateway peak MiB", "gateway late / early peak", "silo at start MiB", "silo peak MiB", "silo late / early peak", "silo GC heap at end MiB", "record grains active at end");
        var cpu = result.AddTable("Cores busy during each phase (2.0 = both cores of a 2-core machine)", "phase", "gateway", "silo", "dataverse", "harness", "other processes", "idle");

        // Unmeasured: the first seconds of load pay for tiered compilation and warming caches, as the first phase of
        // the ingest scenario shows; capacity should not.
        run.Progress($"warming up: 8 senders for {capacityPhase.TotalSeconds / 3:0} s");
        await run.Load.ClosedLoopAsync(run.System.GatewayUrl, bodies.Next((int)(capacityPhase.TotalSeconds * 100)), 8, capacityPhase / 3, cancellationToken: cancellationToken);
        await SettleAsync(run);
        var before = await MeasureCapacityAsync(run, bodies, capacityPhase, "capacity before", table, memory, cpu, result, cancellationToken);
        var outcomes = new Dictionary<int, PhaseTally>();
        var rises = new Dictionary<int, Rise>();
        foreach (var multiple in multiples)
        {
            var perSecond = multiple * before / PerRequest;
            run.Progress($"{multiple}× capacity: {perSecond:N0} new requests/s for {phase.TotalSeconds:0} s");
            await using var watch = ResidentMemory.Watch(run.System.Processes);
            var meter = run.MeasureCpu();
            var tally = await OfferAsync(run, bodies, perSecond, phase, cancellationToken);
            AddCpu(cpu, $"{multiple}×", meter.Stop());
            outcomes[multiple] = tally;
            rises[multiple] = await AddMemoryAsync(run, memory, $"{multiple}×", watch);
            if (tally.FirstFailure is { } failure)
            {
                result.Notes.Add($"{multiple}×: answers other than 2xx and 429: {string.Join(", ", tally.Statuses.Where(s => s.Key is not (>= 200 and < 300) and not 429).Select(s => $"{s.Value:N0} × {s.Key}"))}, {tally.NoAnswer:N0} without an answer (first: {failure}).");
            }

            await SettleAsync(run);
        }

        var after = await MeasureCapacityAsync(run, bodies, capacityPhase, "capacity after", table, memory, cpu, result, cancellationToken);
        var capacity = Math.Max(before, after);
        foreach (var (multiple, tally) in outcomes)
        {
            var acknowledged = tally.AcknowledgedChanges / tally.Elapsed.TotalSeconds;
            table.Add($"{multiple}× capacity before", multiple * before, acknowledged, $"{acknowledged / capacity * 100:0.#}%", tally.Acknowledged.P50, tally.Acknowledged.P99,
                tally.Requests, $"{tally.RefusedCount:N0} ({(double)tally.RefusedCount / tally.Requests * 100:0.#}%)", tally.Refused.P50, tally.Refused.P99,
                tally.Statuses.GetValueOrDefault(503), tally.NoAnswer, $"{tally.DeliveriesAcknowledged:N0} of {tally.Deliveries:N0}");
        }

        var (checkedRecords, lost) = await LostAsync(run, bodies);
        result.AddTable("Acknowledged changes in Dataverse", "records with an acknowledged change", "rows behind their newest acknowledged version or missing")
            .Add(checkedRecords, lost);

        foreach (var (multiple, goal) in new[] { (3, 0.8), (10, 0.5) })
        {
            var share = outcomes[multiple].AcknowledgedChanges / outcomes[multiple].Elapsed.TotalSeconds / capacity;
            result.AddTarget($"acknowledged at {multiple}× capacity", $"≥ {goal:P0} of capacity", share * 100, "%", share >= goal, $"capacity {capacity:N0} changes/s");
        }

        var refusalP99 = outcomes.Values.Max(tally => tally.Refused.Count == 0 ? 0 : tally.Refused.P99);
        result.AddTarget("time to answer a refusal, p99", "≤ 50 ms", refusalP99, "ms", refusalP99 <= 50, "the worse of the two phases");
        foreach (var process in new[] { "gateway", "silo" })
        {
            if (rises[10].Of(process) is { } rise)
            {
                result.AddTarget($"{process} memory flat at 10×", "peak of the phase's second half ≤ 1.1 × its first half's", rise, "×", rise <= 1.1);
            }
        }

        result.AddTarget("nothing acknowledged lost", "0 rows behind an acknowledged version", lost, "rows", lost == 0, $"{checkedRecords:N0} records checked");
        result.Notes.Add("Capacity is acknowledged changes per second from 8 senders that each send again as soon as answered, as in the ingest scenario's best batched level, measured before the overload phases and again after them; the higher of the two is the capacity the shares are of (\"of capacity\"), so that a moment when other work held the cores does not flatter them. The phases offer multiples of the first measurement, the only one known then.");
        result.Notes.Add("Each overload phase starts new requests at a fixed rate (open loop), and every request not acknowledged is resent by its own sender.");
        result.Notes.Add("Acknowledged changes/s: changes whose request was answered 2xx during the phase (or while its last sends were answered), over that time. Latencies run from each send to its answer; a refusal is a 429.");
        result.Notes.Add("Requests still unacknowledged when a phase ends are dropped by their senders (a CRM would go on resending for hours); nothing they carried was acknowledged, so nothing is owed for them.");
        result.Notes.Add("Lost: after the last phase, once the silo has written everything, each record's row must be at least at the newest version acknowledged for it.");
    }

    /// <summary>Acknowledged changes per second from 8 closed-loop senders, added to the tables as <paramref name="label"/>.</summary>
    private static async Task<double> MeasureCapacityAsync(
        BenchRun run, OfferedBodies bodies, TimeSpan length, string label, ResultTable table, ResultTable memory, ResultTable cpu, ScenarioResult result, CancellationToken cancellationToken)
    {
        run.Progress($"{label}: 8 senders for {length.TotalSeconds:0} s");
        await using var watch = ResidentMemory.Watch(run.System.Processes);
        var meter = run.MeasureCpu();
        var report = await run.Load.ClosedLoopAsync(run.System.GatewayUrl, bodies.Next((int)(length.TotalSeconds * 300)), 8, length, cancellationToken: cancellationToken);
        AddCpu(cpu, label, meter.Stop());
        var capacity = report.SucceededPerSecond * PerRequest;
        table.Add($"{label} (8 closed-loop senders)", null, capacity, null, report.Latency.P50, report.Latency.P99, report.Requests, report.Statuses.GetValueOrDefault(429), null, null,
            report.Statuses.GetValueOrDefault(503), report.Errors, null);
        await AddMemoryAsync(run, memory, label, watch);
        if (report.Failed + report.Errors > 0)
        {
            result.Notes.Add($"{label}: {report.DescribeFailures()}.");
        }

        await SettleAsync(run);
        return capacity;
    }

    private static void AddCpu(ResultTable cpu, string phase, CpuUsage usage) =>
        cpu.Add(phase, usage.CoresOf("gateway"), usage.CoresOf("silo"), usage.CoresOf("dataverse"), usage.CoresOf(CpuMeter.Harness),
            usage.OtherSeconds / usage.WallSeconds, usage.IdleSeconds / usage.WallSeconds);

    /// <summary>The phase's resident memory, and the silo's own account of its heap when it can be asked.</summary>
    private static async Task<Rise> AddMemoryAsync(BenchRun run, ResultTable memory, string phase, ResidentMemory watch)
    {
        SiloDiagnostics? silo = null;
        if (run.System.SiloUrl is { } siloUrl)
        {
            using var client = new SiloClient(siloUrl);
            silo = await client.ReadAsync();
        }

        memory.Add(phase, watch.StartMib("gateway"), watch.PeakMib("gateway"), watch.LateOverEarlyPeak("gateway"),
            watch.StartMib("silo"), watch.PeakMib("silo"), watch.LateOverEarlyPeak("silo"), silo?.GcHeapBytes / (1024.0 * 1024), silo?.RecordGrainActivations);
        return new Rise(watch.LateOverEarlyPeak("gateway"), watch.LateOverEarlyPeak("silo"));
    }

    private sealed record Rise(double? Gateway, double? Silo)
    {
        public double? Of(string process) => process == "gateway" ? Gateway : Silo;
    }
}
