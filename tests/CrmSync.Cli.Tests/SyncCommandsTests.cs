using System.Text.RegularExpressions;

namespace CrmSync.Cli.Tests;

/// <summary><c>crmsync sync</c> against the real gateway and silo, syncing from the CRM simulator.</summary>
[Collection(CliSystemCollection.Name)]
public sealed class SyncCommandsTests(CliSystem system)
{
    private static readonly string NewLine = Environment.NewLine;

    [Fact]
    public async Task StartFollowShowsProgressUntilTheJobCompletesThenASummaryAndExits0()
    {
        var result = await system.RunAsync("sync", "start", CliSystem.Crm, "account", "--follow");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.DoesNotContain('\r', result.Output);
        var lines = Lines(result.Output);
        Assert.Contains($"{CliSystem.Accounts}/{CliSystem.Accounts}  100%", lines[^2]);
        Assert.Matches($@"^Sync crm:account completed after \d+s: {CliSystem.Accounts} read, \d+ accepted, \d+ stale, \d+ written, 0 parked\.$", lines[^1]);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task StatusListsEveryJobAndShowsOneInDetail()
    {
        var started = await system.RunAsync("sync", "start", CliSystem.Crm, "account");
        Assert.Matches(@"^Sync crm:account is (Running|Completed) \(run \d+\); `crmsync sync status crm:account` shows its progress\.", started.Output);

        var detail = await Eventually.MatchesAsync(
            () => system.RunAsync("sync", "status", "crm:account"),
            result => result.ExitCode == 0 && CliSystem.FirstLine(result.Output).StartsWith("crm:account  Completed (run ", StringComparison.Ordinal),
            "crm:account to complete");
        Assert.Contains(Lines(detail.Output), line => line.Trim() == $"read       {CliSystem.Accounts} of {CliSystem.Accounts}");
        Assert.Contains(Lines(detail.Output), line => line.Trim().StartsWith($"progress   [", StringComparison.Ordinal) && line.Contains("100%"));

        var table = await system.RunAsync("sync", "status");
        Assert.True(table.ExitCode == ExitCodes.Ok, table.ToString());
        var rows = Lines(table.Output);
        Assert.StartsWith("JOB", rows[0]);
        Assert.Matches($@"^crm:account\s+Completed\s+{CliSystem.Accounts}\s+{CliSystem.Accounts}\s+100%", rows.Single(row => row.StartsWith("crm:account ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CancelStopsARunningJobAndItsFollowerExitsWith2()
    {
        var terminal = CliRunner.Settings() with { OutputIsTerminal = true, TerminalWidth = 100 };
        var following = system.RunAsync(terminal, ["sync", "start", CliSystem.Crm, "contact", "--follow"], CancellationToken.None);
        await WaitUntilContactsAreReadAsync();

        var cancelled = await system.RunAsync("sync", "cancel", "crm:contact");
        var followed = await following.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(
            (ExitCodes.Ok, $"Sync crm:contact is cancelled; `crmsync sync start crm contact` resumes it from its checkpoint.{NewLine}"),
            (cancelled.ExitCode, cancelled.Output));
        Assert.True(followed.ExitCode == ExitCodes.Cancelled, followed.ToString());
        Assert.StartsWith("\r", followed.Output);
        Assert.Contains($"/{CliSystem.Contacts:N0}  ", followed.Output);
        var lines = Lines(followed.Output);
        Assert.Matches(@"^Sync crm:contact was cancelled after \d+s: [\d,]+ read, ", lines[^2]);
        Assert.Equal("`crmsync sync start crm contact` resumes it from its checkpoint.", lines[^1]);
        Assert.Equal("", followed.Error);
    }

    [Fact]
    public async Task CtrlCStopsFollowingButNotTheSync()
    {
        using var interrupt = new CancellationTokenSource();
        var following = system.RunAsync(CliRunner.Settings(), ["sync", "start", CliSystem.Crm, "contact", "--follow"], interrupt.Token);
        await WaitUntilContactsAreReadAsync();

        await interrupt.CancelAsync();
        var followed = await following.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(
            (ExitCodes.Interrupted, $"Stopped following crm:contact; the sync goes on (`crmsync sync cancel crm:contact` stops it).{NewLine}"),
            (followed.ExitCode, followed.Error));
        var status = await system.RunAsync("sync", "status", "crm:contact");
        Assert.StartsWith("crm:contact  Running", status.Output);
        Assert.Equal(ExitCodes.Ok, (await system.RunAsync("sync", "cancel", "crm:contact")).ExitCode);
    }

    [Fact]
    public async Task FollowingOutlastsAGatewayRestartAndEndsWithTheJob()
    {
        var following = system.RunAsync(CliRunner.Settings(), ["sync", "start", CliSystem.Crm, "contact", "--follow"], CancellationToken.None);
        await WaitUntilContactsAreReadAsync();

        await system.System.StopAsync(CrmSyncResources.Gateway);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await system.System.RestartAsync(CrmSyncResources.Gateway);
        var followed = await following.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(followed.ExitCode == ExitCodes.Ok, followed.ToString());
        Assert.Equal(
            $"Cannot reach the CrmSync gateway at {system.Gateway} (connection refused); is it running? Point --gateway or CRMSYNC_GATEWAY at it. " +
            $"Still following crm:contact; retrying for up to 120 s.{NewLine}",
            followed.Error);
        Assert.Matches(@"^Sync crm:contact completed after \d+s: ", Lines(followed.Output)[^1]);
    }

    [Fact]
    public async Task AFollowedJobThatFailsPrintsItsErrorAndExits1()
    {
        var result = await system.RunAsync("sync", "start", CliSystem.Broken, "account", "--follow");

        Assert.True(result.ExitCode == ExitCodes.Error, result.ToString());
        Assert.Matches(@"^Sync broken:account failed after \d+s: 0 read, 0 accepted, 0 stale, 0 written, 0 parked\.$", Lines(result.Output)[^1]);
        Assert.StartsWith("The sync failed: ", result.Error);
        Assert.EndsWith($" Fix the cause, then `crmsync sync start broken account` resumes from the checkpoint.{NewLine}", result.Error);
        var status = await system.RunAsync("sync", "status", "broken:account");
        Assert.Contains(Lines(status.Output), line => line.Trim().StartsWith("error ", StringComparison.Ordinal) && result.Error.Contains(line.Trim()["error".Length..].Trim()));
    }

    [Theory]
    [InlineData("No source named 'nosuchcrm' is configured; add it under CrmSync:Sources:nosuchcrm.", "sync", "start", "nosuchcrm", "account")]
    [InlineData("Entity 'lead' is unknown; use account or contact.", "sync", "start", "crm", "lead")]
    [InlineData("Source 'generic' is Generic (webhook-only), so it has no API to sync from; set CrmSync:Sources:generic:Kind to Rest with its BaseUrl and Entities to sync it.", "sync", "start", "generic", "account")]
    [InlineData("'nonsense' is not a sync job id; an id is source:entity, e.g. crm:account.", "sync", "status", "nonsense")]
    [InlineData("Sync job generic:contact has never been started; start it with POST /admin/sync/generic/contact.", "sync", "status", "generic:contact")]
    [InlineData("Sync job generic:contact has never been started; start it with POST /admin/sync/generic/contact.", "sync", "cancel", "generic:contact")]
    public async Task ARefusedSyncCommandPrintsTheGatewaysReasonAndExits1(string reason, params string[] args)
    {
        var result = await system.RunAsync(args);

        Assert.Equal((ExitCodes.Error, $"{reason}{NewLine}", ""), (result.ExitCode, result.Error, result.Output));
    }

    [Fact]
    public async Task CancellingAJobThatIsNotRunningPrintsWhy()
    {
        await system.RunAsync("sync", "start", CliSystem.Crm, "account", "--follow");

        var result = await system.RunAsync("sync", "cancel", "crm:account");

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.StartsWith("Sync job crm:account is Completed, not running, so there is nothing to cancel", result.Error);
    }

    /// <summary>Waits until the slow contacts job runs and has read a page, so that it is surely running when a test stops it.</summary>
    private Task WaitUntilContactsAreReadAsync() =>
        Eventually.MatchesAsync(
            () => system.RunAsync("sync", "status", "crm:contact"),
            result => result.ExitCode == 0 && Regex.IsMatch(result.Output, $@"^crm:contact  Running .*\s+read\s+[1-9][\d,]* of {CliSystem.Contacts:N0}\s", RegexOptions.Singleline),
            "crm:contact to have read its first pages");

    private static string[] Lines(string text) => text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
}
