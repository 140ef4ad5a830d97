namespace CrmSync.EndToEnd.Tests;

[Collection(SharedSystemCollection.Name)]
public sealed class IdempotenceTests
{
    private readonly CrmSyncSystem _system;

    public IdempotenceTests(SharedSystemFixture fixture, ITestOutputHelper output)
    {
        _system = fixture.System;
        _system.ShowOutputIn(output);
    }

    [Fact]
    public async Task ADuplicateDeliveryCausesNoDataverseWrite()
    {
        var id = RecordIds.New("A");
        var message = WebhookMessage.Of(GenericChange.Account(id, 1, new { name = "Fabrikam" }));
        Assert.Equal("accepted", (await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(message))).Outcome);
        var row = await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id);
        var before = await _system.Dataverse.WaitUntilWritesSettleAsync();

        var duplicate = await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(message));

        Assert.Equal("duplicate", duplicate.Outcome);
        var after = await _system.Dataverse.WaitUntilWritesSettleAsync();
        Assert.Equal(before.RecordsWritten, after.RecordsWritten);
        Assert.Equal((long?)row["versionnumber"], (long?)(await _system.Dataverse.RowAsync(EmulatorClient.Accounts, id))?["versionnumber"]);
    }

    [Fact]
    public async Task ANewerVersionWithTheSameValuesIsAcceptedWithoutADataverseWrite()
    {
        var id = RecordIds.New("A");
        Assert.Equal("accepted", (await _system.Webhooks.SendAsync(GenericChange.Account(id, 1, new { name = "Northwind" }))).Outcome);
        var row = await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id);
        var before = await _system.Dataverse.WaitUntilWritesSettleAsync();

        var unchanged = await _system.Webhooks.SendAsync(GenericChange.Account(id, 2, new { name = "Northwind" }));

        Assert.Equal("accepted", unchanged.Outcome);
        var after = await _system.Dataverse.WaitUntilWritesSettleAsync();
        Assert.Equal(before.RecordsWritten, after.RecordsWritten);
        Assert.Equal((long?)row["versionnumber"], (long?)(await _system.Dataverse.RowAsync(EmulatorClient.Accounts, id))?["versionnumber"]);
    }
}
