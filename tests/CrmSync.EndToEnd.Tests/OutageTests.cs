namespace CrmSync.EndToEnd.Tests;

/// <summary>Changes that pile up while Dataverse is down are written as one desired state when it is back.</summary>
[Collection(FaultSystemCollection.Name)]
public sealed class OutageTests : IAsyncLifetime
{
    private readonly CrmSyncSystem _system;

    public OutageTests(FaultSystemFixture fixture, ITestOutputHelper output)
    {
        _system = fixture.System;
        _system.ShowOutputIn(output);
    }

    public Task InitializeAsync() => _system.EnsureRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ARevivalThatOvertakesItsUnwrittenDeleteStillStartsTheRowFromBlank()
    {
        var id = RecordIds.New("A");
        Assert.Equal("accepted", (await _system.Webhooks.SendAsync(GenericChange.Account(id, 1, new { name = "First life", telephone1 = "+1 555 0101" }))).Outcome);
        await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id);
        await _system.StopAsync(CrmSyncResources.Dataverse);

        var delete = await _system.Webhooks.SendAsync(GenericChange.Delete("account", id, 2));
        var revival = await _system.Webhooks.SendAsync(GenericChange.Account(id, 3, new { name = "Second life" }));
        await _system.RestartAsync(CrmSyncResources.Dataverse);

        Assert.Equal("accepted", delete.Outcome);
        Assert.Equal("accepted", revival.Outcome);
        await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "Second life", "named 'Second life'");
        await _system.Dataverse.WaitUntilWritesSettleAsync();
        var row = await _system.Dataverse.RowAsync(EmulatorClient.Accounts, id);
        Assert.Null((string?)row?["telephone1"]);
    }
}
