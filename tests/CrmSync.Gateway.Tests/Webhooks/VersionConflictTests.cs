using CrmSync.Abstractions;
using CrmSync.Gateway.Tests.Support;
using CrmSync.Testing;
using Orleans.Storage;

namespace CrmSync.Gateway.Tests.Webhooks;

/// <summary>
/// A change that meets a record activated twice (storage refuses the older activation: InconsistentStateException) is
/// sent to its grain again, so a moment of two activations while silos leave and join costs no refused webhook.
/// </summary>
public sealed class VersionConflictTests : IAsyncLifetime
{
    private readonly RecordGrainsDouble _grains = new();
    private int _conflicts;
    private InProcessGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _grains.Accept = change => change.SourceId switch
        {
            "once" when Interlocked.Increment(ref _conflicts) == 1 => Task.FromException<AcceptOutcome>(Conflict()),
            "always" => Task.FromException<AcceptOutcome>(Conflict()),
            _ => Task.FromResult(AcceptOutcome.Accepted),
        };
        _gateway = await InProcessGateway.StartAsync(_grains, new Dictionary<string, string?>());
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task AChangeThatMetASecondActivationIsSentAgainAndAcknowledged()
    {
        var response = await _gateway.Webhooks.SendAsync(GenericChange.Account("once", 1, new { name = "Twice activated" }));

        Assert.True(response.IsSuccess, response.ToString());
        Assert.Equal(2, _grains.Received.Count(change => change.SourceId == "once"));
    }

    [Fact]
    public async Task AConflictThatLastsIsA503AfterAFewSends()
    {
        var response = await _gateway.Webhooks.SendAsync(GenericChange.Account("always", 1, new { name = "Never stored" }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal(4, _grains.Received.Count(change => change.SourceId == "always"));
    }

    private static InconsistentStateException Conflict() => new("Version conflict (test): another activation stored a newer state.");
}
