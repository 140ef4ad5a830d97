namespace CrmSync.InitialSync.Tests;

/// <summary>A silo killed in the middle of an import: the job resumes from its checkpoint, and nothing is doubled.</summary>
public sealed class ResumeTests(ITestOutputHelper output)
{
    private const int Accounts = 20_000;
    private const int PageSize = 500;

    [Fact]
    public async Task AJobWhoseSiloIsKilledResumesFromItsCheckpointRereadingAtMostOnePage()
    {
        await using var system = await CrmSyncSystem.StartAsync(
            new Dictionary<string, string>
            {
                ["Simulator__Accounts"] = $"{Accounts}",
                ["Simulator__Contacts"] = "0",
                ["CrmSync__Sync__ResumePeriod"] = "00:00:02",
            },
            demo: true);
        system.ShowOutputIn(output);
        using var sync = new SyncClient(system.GatewayUrl);
        using var crm = new CrmClient(system.CrmUrl);

        var job = await sync.StartAsync(DemoSource.Name, "account");
        var beforeKill = await Eventually.MatchesAsync(() => sync.StatusAsync(job.Id), status => status.Pages >= 10, "ten pages imported", TimeSpan.FromMinutes(2));
        await system.KillAsync(CrmSyncResources.Silo);
        var pagesServedAtKill = (await crm.StatsAsync()).Pages;
        await system.RestartAsync(CrmSyncResources.Silo);
        var done = await sync.WaitForStateAsync(job.Id, SyncJobState.Completed, TimeSpan.FromMinutes(5));

        var pagesServed = (await crm.StatsAsync()).Pages;
        const int pagesInSource = Accounts / PageSize;
        output.WriteLine($"Killed after {beforeKill.Pages}+ pages ({pagesServedAtKill} served); finished as {SyncClient.Describe(done)}; the CRM served {pagesServed} pages for {pagesInSource}.");
        Assert.InRange(pagesServed, pagesInSource, pagesInSource + 1);
        Assert.Equal(job.Run, done.Run);
        await Eventually.MatchesAsync(
            () => ImportCheck.DifferencesAsync(system.Dataverse, crm),
            differences => differences.Count == 0,
            "every account in Dataverse once",
            TimeSpan.FromMinutes(2),
            differences => $"{differences.Count} differences: {string.Join("; ", differences.Take(10))}");
    }
}
