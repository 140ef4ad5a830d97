namespace CrmSync.InitialSync.Tests;

/// <summary>Webhooks for records an import is reading: a page read before a newer webhook change never overwrites it.</summary>
public sealed class WebhookDuringImportTests(ITestOutputHelper output)
{
    private const int Accounts = 20_000;

    [Fact]
    public async Task ChangesSentByWebhookDuringAnImportAreNotOverwrittenByOlderPages()
    {
        await using var system = await CrmSyncSystem.StartAsync(
            new Dictionary<string, string> { ["Simulator__Accounts"] = $"{Accounts}", ["Simulator__Contacts"] = "0" },
            demo: true);
        system.ShowOutputIn(output);
        using var sync = new SyncClient(system.GatewayUrl);
        using var crm = new CrmClient(system.CrmUrl);
        // Spread over the whole id range: some are read before their webhook, most after it.
        var changed = Enumerable.Range(0, 200).Select(i => $"A{1 + i * (Accounts / 200):0000000}").ToList();

        var job = await sync.StartAsync(DemoSource.Name, "account");
        await Eventually.MatchesAsync(() => sync.StatusAsync(job.Id), status => status.Pages >= 2, "two pages imported", TimeSpan.FromMinutes(1));
        var outcomes = await Task.WhenAll(changed.Select(async id =>
            (await system.Webhooks.DeliverAsync(WebhookMessage.Of(ByWebhook(id)), TimeSpan.FromMinutes(1), source: DemoSource.Name)).Response.Outcome));
        var done = await sync.WaitForStateAsync(job.Id, SyncJobState.Completed, TimeSpan.FromMinutes(5));

        output.WriteLine($"{SyncClient.Describe(done)}; webhook outcomes: {string.Join(", ", outcomes.CountBy(outcome => outcome).Select(count => $"{count.Value} {count.Key}"))}");
        Assert.All(outcomes, outcome => Assert.Equal("accepted", outcome));
        Assert.True(done.Stale > 0, "No page came after its record's webhook, so the test proved nothing.");
        foreach (var id in changed)
        {
            await system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == $"{id} by webhook", "named by its webhook");
        }

        await system.Dataverse.WaitUntilWritesSettleAsync();
        var overwritten = new List<string>();
        foreach (var id in changed)
        {
            var row = await system.Dataverse.RowAsync(EmulatorClient.Accounts, id);
            if ((string?)row?["name"] != $"{id} by webhook")
            {
                overwritten.Add($"{id}: '{row?["name"]}'");
            }
        }

        Assert.Empty(overwritten);
    }

    /// <summary>Version 2 of the account with every column the demo source maps, so its version-1 page is older in every field.</summary>
    private static GenericChange ByWebhook(string id) =>
        GenericChange.Account(id, 2, new { name = $"{id} by webhook", telephone1 = "+1 555 0102", emailaddress1 = "webhook@example.com", websiteurl = "https://example.com/webhook" })
            with { Url = $"https://crm.example.com/accounts/{id}" };
}
