using System.Diagnostics;

namespace CrmSync.InitialSync.Tests;

/// <summary>
/// The initial sync of the demo REST source against the CRM simulator, through the real processes: every record lands
/// exactly once and bound to its account, while the silo's memory stays flat.
/// </summary>
public sealed class ImportTests(ITestOutputHelper output)
{
    private const int Accounts = 40_000;
    private const int Contacts = 60_000;
    private const long SiloMemoryLimit = 1024L * 1024 * 1024;

    [Fact]
    public async Task AnImportOf100000RecordsLandsEveryRecordOnceBoundToItsAccount()
    {
        await using var system = await CrmSyncSystem.StartAsync(
            new Dictionary<string, string> { ["Simulator__Accounts"] = $"{Accounts}", ["Simulator__Contacts"] = $"{Contacts}" },
            demo: true);
        system.ShowOutputIn(output);
        using var sync = new SyncClient(system.GatewayUrl);
        using var crm = new CrmClient(system.CrmUrl);
        await using var memory = ProcessMemory.Watch(system.Resource(CrmSyncResources.Silo).Id);
        var before = memory.CurrentBytes;

        var clock = Stopwatch.StartNew();
        var accounts = await ImportAsync(sync, "account");
        var contacts = await ImportAsync(sync, "contact");
        var imported = clock.Elapsed;
        await Eventually.MatchesAsync(
            () => ImportCheck.DifferencesAsync(system.Dataverse, crm),
            differences => differences.Count == 0,
            "every record in Dataverse once, bound to its account",
            TimeSpan.FromMinutes(3),
            differences => $"{differences.Count} differences: {string.Join("; ", differences.Take(10))}");
        var landed = clock.Elapsed;

        output.WriteLine($"{SyncClient.Describe(accounts)}{Environment.NewLine}{SyncClient.Describe(contacts)}");
        output.WriteLine($"{Accounts + Contacts} records read and accepted in {imported.TotalSeconds:0.0} s ({(Accounts + Contacts) / imported.TotalSeconds:0} records/s), " +
            $"all in Dataverse after {landed.TotalSeconds:0.0} s ({(Accounts + Contacts) / landed.TotalSeconds:0} records/s).");
        output.WriteLine($"Silo memory: {ProcessMemory.Mib(before)} before, peak {ProcessMemory.Mib(memory.PeakBytes)}; " +
            $"samples every 10 s: {string.Join(", ", memory.Samples.Where((_, i) => i % 10 == 0).Select(ProcessMemory.Mib))}");
        Assert.Equal(Accounts, accounts.Read);
        Assert.Equal(Contacts, contacts.Read);
        Assert.Equal(Accounts, accounts.Accepted);
        Assert.Equal(Contacts, contacts.Accepted);
        Assert.True(memory.PeakBytes < SiloMemoryLimit, $"The silo peaked at {ProcessMemory.Mib(memory.PeakBytes)}.");
    }

    private static async Task<SyncJobView> ImportAsync(SyncClient sync, string entity)
    {
        var job = await sync.StartAsync(DemoSource.Name, entity);
        return await sync.WaitForStateAsync(job.Id, SyncJobState.Completed, TimeSpan.FromMinutes(5));
    }
}
