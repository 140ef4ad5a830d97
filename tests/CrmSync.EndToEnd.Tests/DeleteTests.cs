namespace CrmSync.EndToEnd.Tests;

[Collection(SharedSystemCollection.Name)]
public sealed class DeleteTests
{
    private readonly CrmSyncSystem _system;

    public DeleteTests(SharedSystemFixture fixture, ITestOutputHelper output)
    {
        _system = fixture.System;
        _system.ShowOutputIn(output);
    }

    [Fact]
    public async Task ADeleteFollowedByAnOlderUpdateStaysDeleted()
    {
        var id = RecordIds.New("A");
        await SendAndWaitForRowAsync(GenericChange.Account(id, 1, new { name = "Doomed" }));
        Assert.Equal("accepted", (await _system.Webhooks.SendAsync(GenericChange.Delete("account", id, 3))).Outcome);
        await _system.Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, id);

        var older = await _system.Webhooks.SendAsync(GenericChange.Account(id, 2, new { name = "Zombie" }));

        Assert.Equal("stale", older.Outcome);
        await _system.Dataverse.WaitUntilWritesSettleAsync();
        Assert.Null(await _system.Dataverse.RowAsync(EmulatorClient.Accounts, id));
    }

    [Fact]
    public async Task ANewerChangeAfterADeleteRevivesTheRowFromBlank()
    {
        var id = RecordIds.New("A");
        await SendAndWaitForRowAsync(GenericChange.Account(id, 1, new { name = "First life", telephone1 = "+1 555 0101", websiteurl = "https://first.example" }));
        Assert.Equal("accepted", (await _system.Webhooks.SendAsync(GenericChange.Delete("account", id, 2))).Outcome);
        await _system.Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, id);

        var newer = await _system.Webhooks.SendAsync(GenericChange.Account(id, 3, new { name = "Second life" }));

        Assert.Equal("accepted", newer.Outcome);
        var row = await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "Second life", "named 'Second life'");
        Assert.Null((string?)row["telephone1"]);
        Assert.Null((string?)row["websiteurl"]);
    }

    private async Task SendAndWaitForRowAsync(GenericChange change)
    {
        Assert.Equal("accepted", (await _system.Webhooks.SendAsync(change)).Outcome);
        await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, change.Id);
    }
}
