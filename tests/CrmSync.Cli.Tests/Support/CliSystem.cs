namespace CrmSync.Cli.Tests.Support;

/// <summary>
/// The real emulator, silo and gateway, with an admin API key on the gateway, started once for every test in
/// <see cref="CliSystemCollection"/>. <see cref="RunAsync"/> runs crmsync against that gateway with that key.
/// </summary>
public sealed class CliSystem : CrmSyncSystemFixture
{
    public const string AdminApiKey = "cli-admin-key-7b2d94";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["CrmSync__AdminApiKey"] = AdminApiKey,
    };

    public string Gateway => System.GatewayUrl.ToString().TrimEnd('/');

    /// <summary>crmsync with <c>--gateway</c> and <c>--api-key</c> for this system, then <paramref name="args"/>.</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--gateway", Gateway, "--api-key", AdminApiKey]);

    /// <summary>Sends the changes as the generic source's webhook; fails unless the gateway stored them.</summary>
    public async Task SendAsync(params GenericChange[] changes)
    {
        var response = await System.Webhooks.SendAsync(changes);
        Assert.True(response.IsSuccess, $"The webhook was answered {response}");
    }

    /// <summary>Runs <c>crmsync records show</c> until the record is in <paramref name="status"/>; returns that run.</summary>
    public Task<CliResult> WaitUntilShownAsync(string id, string status) =>
        Eventually.MatchesAsync(
            () => RunAsync("records", "show", WebhookSender.Source, "account", id),
            result => result.ExitCode == 0 && FirstLine(result.Output).EndsWith($"  {status}", StringComparison.Ordinal),
            $"crmsync records show to show {id} {status}");

    public static string FirstLine(string text) => text.Split(Environment.NewLine)[0];
}

[CollectionDefinition(Name)]
public sealed class CliSystemCollection : ICollectionFixture<CliSystem>
{
    public const string Name = "crmsync against the real system";
}
