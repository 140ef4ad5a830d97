using CrmSync.Cli.Gateway;

namespace CrmSync.EndToEnd.Tests.Support;

/// <summary>A source's polls as the admin API shows them (<c>GET /admin/poll/{source}</c>), and a wait for their rounds.</summary>
public sealed class SourcePolls(Uri gatewayUrl, string source) : IDisposable
{
    private readonly GatewayClient gateway = new(gatewayUrl, apiKey: null, TimeSpan.FromSeconds(30));

    public async Task<IReadOnlyList<PollView>> ListAsync() =>
        (await gateway.GetAsync<PollList>($"admin/poll/{source}", CancellationToken.None)).Polls;

    public Task<PollView> WaitForRoundsAsync(string entity, long rounds) =>
        Eventually.MatchesAsync(
            async () => (await ListAsync()).Single(poll => poll.Entity == entity),
            poll => poll.Rounds >= rounds,
            $"{rounds} rounds of the {entity} poll",
            TimeSpan.FromSeconds(60),
            poll => $"{poll}");

    public void Dispose() => gateway.Dispose();
}
