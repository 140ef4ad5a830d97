using System.Net.Http.Json;
using CrmSync.Abstractions;
using CrmSync.Testing.Processes;
using CrmSync.CrmSimulator.Hosting;

namespace CrmSync.Bench.Scenarios;

/// <summary>
/// Scenario 5: the initial sync of a REST source's accounts from the CRM simulator (Salesforce-style next-URL pages of
/// 1,000) into the emulator, which enforces Dataverse's own limits: records per second, and the silo's peak memory,
/// sampled every second from its diagnostics and read from the kernel's high-water mark at the end.
/// </summary>
public sealed class InitialSyncScenario : IScenario
{
    private const string Source = "sim";

    /// <summary>Chosen with the settings, so the source's BaseUrl is known before the system starts.</summary>
    private int _simulatorPort;

    public string Name => "initial-sync";

    public string Title => "records per second and peak silo memory importing accounts from the CRM simulator";

    private static int Records(bool quick) => quick ? 30_000 : 1_000_000;

    public IReadOnlyDictionary<string, string> Settings(bool quick)
    {
        _simulatorPort = Ports.Free(1)[0];
        const string Prefix = $"CrmSync__Sources__{Source}";
        const string Accounts = $"{Prefix}__Entities__account";
        return new Dictionary<string, string>
        {
            [$"{Prefix}__Kind"] = "Rest",
            [$"{Prefix}__Secret"] = WebhookSecret.Generate(),
            [$"{Prefix}__SourceCrmValue"] = $"{CrmSyncResources.OtherSourceCrmValue}",
            [$"{Prefix}__BaseUrl"] = $"http://127.0.0.1:{_simulatorPort}/api/",
            [$"{Accounts}__Path"] = "nexturl/accounts",
            [$"{Accounts}__Records"] = "$.records",
            [$"{Accounts}__Paging__Style"] = "NextUrl",
            [$"{Accounts}__Paging__PageSize"] = "1000",
            [$"{Accounts}__Paging__PageSizeParam"] = "pageSize",
            [$"{Accounts}__Paging__NextUrlPath"] = "$.nextRecordsUrl",
            [$"{Accounts}__Paging__TotalPath"] = "$.totalSize",
            [$"{Accounts}__Id"] = "$.id",
            [$"{Accounts}__Version"] = "$.version",
            [$"{Accounts}__Url"] = "$.url",
            [$"{Accounts}__Fields__name"] = "$.name",
            [$"{Accounts}__Fields__telephone1"] = "$.telephone",
            [$"{Accounts}__Fields__emailaddress1"] = "$.email",
            [$"{Accounts}__Fields__websiteurl"] = "$.website",
        };
    }

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        if (_simulatorPort == 0 || run.System.SiloUrl is not { } siloUrl)
        {
            throw new InvalidOperationException("The initial-sync scenario configures its REST source when it starts the system; run it without --target.");
        }

        var records = Records(run.Quick);
        result.Parameters["accounts"] = records;
        result.Parameters["source"] = "CRM simulator, next-URL paging (Salesforce-style), 1,000 per page, in the harness's process";
        result.Parameters["Dataverse limits"] = "the emulator's defaults, which are Dataverse's: 6,000 requests and 1,200 execution-seconds per 300 s, 52 concurrent";
        await using var simulator = await CrmSimulatorHost.StartAsync($"http://127.0.0.1:{_simulatorPort}", new Dictionary<string, string?>
        {
            ["Simulator:Accounts"] = $"{records}",
            ["Simulator:Contacts"] = "0",
            ["Simulator:MaxPageSize"] = "1000",
        });
        using var silo = new SiloClient(siloUrl);
        using var gateway = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = run.System.GatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
        var before = await run.System.Dataverse.StatsAsync();
        var start = await silo.ReadAsync();

        run.Progress($"syncing {records:N0} accounts");
        var clock = Stopwatch.StartNew();
        using (var started = await gateway.PostAsync($"admin/sync/{Source}/account", null, cancellationToken))
        {
            if (started.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /admin/sync/{Source}/account answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        var peak = new Peak();
        JsonObject job;
        var patience = TimeSpan.FromSeconds(60 + records / 500.0);
        var reported = TimeSpan.Zero;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            job = (await gateway.GetFromJsonAsync<JsonObject>($"admin/sync/jobs/{Source}:account", cancellationToken))!;
            peak.Add(await silo.ReadAsync());
            if ((string?)job["state"] is not "Running" || clock.Elapsed > patience)
            {
                break;
            }

            if (clock.Elapsed - reported >= TimeSpan.FromSeconds(10))
            {
                reported = clock.Elapsed;
                run.Progress($"read {(long)job["read"]!:N0}, written {(long)job["written"]!:N0}, {(double)job["rate"]!:N0}/s; silo working set {Mib(peak.Last.WorkingSetBytes):N0} MiB, {peak.Last.RecordGrainActivations:N0} record grains active");
            }
        }

        var elapsed = clock.Elapsed;
        var end = await silo.ReadAsync();
        var stats = await run.System.Dataverse.StatsAsync();
        var written = (long)job["written"]!;
        var perSecond = written / elapsed.TotalSeconds;
        var spotCheck = await SpotCheckAsync(run, records);

        result.AddTable("Initial sync", "accounts", "state", "pages", "written", "parked", "seconds", "records/s", "job's own rate", "Dataverse requests", "rows per request", "429s", "sampled rows found")
            .Add(records, (string?)job["state"], (long)job["pages"]!, written, (long)job["parked"]!, elapsed.TotalSeconds, perSecond, (double)job["rate"]!,
                stats.Requests - before.Requests, (double)(stats.RecordsWritten - before.RecordsWritten) / Math.Max(1, stats.Requests - before.Requests),
                stats.Throttled - before.Throttled, spotCheck);
        result.AddTable("Silo memory during the sync", "", "working set MiB", "GC heap MiB", "record grains active")
            .Add("at the start", Mib(start.WorkingSetBytes), Mib(start.GcHeapBytes), start.RecordGrainActivations);
        result.Tables[^1].Add("peak, sampled each second", Mib(peak.WorkingSet), Mib(peak.Heap), peak.Grains);
        result.Tables[^1].Add("at the end", Mib(end.WorkingSetBytes), Mib(end.GcHeapBytes), end.RecordGrainActivations);
        result.Tables[^1].Add("peak working set since the silo started (VmHWM)", Mib(end.PeakWorkingSetBytes), null, null);

        result.AddTarget("initial sync rate", "≥ 5,000 records/s into the emulator", perSecond, "records/s", perSecond >= 5000,
            (string?)job["state"] == "Completed" && written == records ? null : $"the job ended {(string?)job["state"]} with {written:N0} of {records:N0} written: {(string?)job["error"]}");
        var peakGiB = end.PeakWorkingSetBytes / (1024.0 * 1024 * 1024);
        result.AddTarget("peak silo memory", $"≤ 1 GiB for 1,000,000 records{(records < 1_000_000 ? $" (this run: {records:N0})" : "")}", peakGiB, "GiB", peakGiB <= 1);
        result.Notes.Add("Records per second: accounts written (the job's count) over the time from POST /admin/sync to the job's end, as the harness saw it (polled each second).");
        result.Notes.Add("Peak memory is the silo's VmHWM, the most resident memory the process has had since it started; the sampled peaks show what it held during the sync.");
    }

    /// <summary>How many of 20 accounts spread over the data set have their row in Dataverse.</summary>
    private static async Task<int> SpotCheckAsync(BenchRun run, int records)
    {
        var found = 0;
        foreach (var index in Enumerable.Range(0, 20).Select(i => 1 + (long)i * (records - 1) / 19))
        {
            found += await run.System.Dataverse.RowAsync(EmulatorClient.Accounts, $"A{index:0000000}") is null ? 0 : 1;
        }

        return found;
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024);

    private sealed class Peak
    {
        public SiloDiagnostics Last { get; private set; } = null!;

        public long WorkingSet { get; private set; }

        public long Heap { get; private set; }

        public int Grains { get; private set; }

        public void Add(SiloDiagnostics diagnostics)
        {
            Last = diagnostics;
            WorkingSet = Math.Max(WorkingSet, diagnostics.WorkingSetBytes);
            Heap = Math.Max(Heap, diagnostics.GcHeapBytes);
            Grains = Math.Max(Grains, diagnostics.RecordGrainActivations);
        }
    }
}
