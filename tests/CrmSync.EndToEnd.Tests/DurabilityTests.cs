using System.Diagnostics;

namespace CrmSync.EndToEnd.Tests;

/// <summary>I1: a 2xx means the change is stored durably, whatever dies right after it.</summary>
[Collection(FaultSystemCollection.Name)]
public sealed class DurabilityTests : IAsyncLifetime
{
    private readonly CrmSyncSystem _system;

    public DurabilityTests(FaultSystemFixture fixture, ITestOutputHelper output)
    {
        _system = fixture.System;
        _system.ShowOutputIn(output);
    }

    public Task InitializeAsync() => _system.EnsureRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AChangeAcknowledgedRightBeforeTheSiloIsKilledIsWrittenAfterARestartWithoutBeingSentAgain()
    {
        var id = RecordIds.New("A");
        // With Dataverse down, nothing can be written before the kill: only the stored change can bring the row.
        await _system.StopAsync(CrmSyncResources.Dataverse);

        var response = await _system.Webhooks.SendAsync(GenericChange.Account(id, 1, new { name = "Survivor" }));
        await _system.KillAsync(CrmSyncResources.Silo);
        await _system.RestartAsync(CrmSyncResources.Dataverse);
        var rowBeforeSiloRestart = await _system.Dataverse.RowAsync(EmulatorClient.Accounts, id);
        await _system.RestartAsync(CrmSyncResources.Silo);

        Assert.Equal("accepted", response.Outcome);
        Assert.Null(rowBeforeSiloRestart);
        await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "Survivor", "named 'Survivor'");
    }

    [Fact]
    public async Task AWebhookGets503WithinTheAcceptTimeoutWhileTheSiloIsDownAndTheResendSucceedsOnceItIsBack()
    {
        var id = RecordIds.New("A");
        var message = WebhookMessage.Of(GenericChange.Account(id, 1, new { name = "Resent" }));
        await _system.KillAsync(CrmSyncResources.Silo);

        var sending = Stopwatch.StartNew();
        var refused = await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(message));
        var refusedAfter = sending.Elapsed;
        await _system.RestartAsync(CrmSyncResources.Silo);
        var (resent, attempts) = await _system.Webhooks.DeliverAsync(message, TimeSpan.FromSeconds(60));

        Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"Expected 503 while the silo is down; the gateway answered {refused}");
        Assert.Equal("application/problem+json", refused.MediaType);
        Assert.InRange(refusedAfter, TimeSpan.Zero, FaultSystemFixture.AcceptTimeout + TimeSpan.FromSeconds(3));
        // A resend that timed out after its change was stored finds it a duplicate; either way it is stored once.
        Assert.Contains(resent.Outcome, new[] { "accepted", "duplicate" });
        await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "Resent", $"named 'Resent' (after {attempts} sends)");
    }
}
