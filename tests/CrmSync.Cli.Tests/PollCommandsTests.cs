using System.Text.RegularExpressions;

namespace CrmSync.Cli.Tests;

/// <summary><c>crmsync poll status</c> against the real gateway and silo, polling the CRM simulator.</summary>
[Collection(CliSystemCollection.Name)]
public sealed class PollCommandsTests(CliSystem system)
{
    [Fact]
    public async Task StatusShowsEachPolledEntityWithItsIntervalAndRounds()
    {
        var result = await Eventually.MatchesAsync(
            () => system.RunAsync("poll", "status"),
            result => result.ExitCode == 0 && Row(result, "crm:account") is { } row && Regex.IsMatch(row, @"^crm:account\s+1s\s+30s\s+[1-9]"),
            "crm:account to have polled");

        var lines = result.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("POLL", lines[0]);
        // Rounds, read, accepted, duplicate, stale, deletes, the last round's time, and the timestamp watermark.
        Assert.Matches(@"^crm:account\s+1s\s+30s(\s+[\d,]+){6}\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+\d{4}-\d\d-\d\dT[\d:.]+Z$", Row(result, "crm:account"));
        // The contacts have no UpdatedSince, so they are not polled, and neither is a webhook-only source.
        Assert.DoesNotContain(lines, line => line.StartsWith("crm:contact", StringComparison.Ordinal) || line.StartsWith("generic:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusOfOneSourceShowsOnlyItsPollsAndOfAnUnknownSourceSaysSo()
    {
        var broken = await system.RunAsync("poll", "status", CliSystem.Broken);
        var unknown = await system.RunAsync("poll", "status", "nosuch");

        Assert.Equal((ExitCodes.Ok, ""), (broken.ExitCode, broken.Error));
        Assert.StartsWith("No source can be polled;", broken.Output);
        Assert.NotEqual(ExitCodes.Ok, unknown.ExitCode);
        Assert.Contains("No source named 'nosuch' is configured", unknown.Error);
    }

    [Fact]
    public void AGapTheSourceReportedIsPrintedUnderTheTableWithItsPoll()
    {
        var polls = new List<PollView>
        {
            new("sf:account", "sf", "account", true, 60, 30, Gap: "2026-12-05 04:00:00Z: records deleted before then were not read; run `crmsync reconcile sf account`"),
            new("sf:contact", "sf", "contact", true, 60, 30),
        };
        using var output = new StringWriter();

        PollPrinter.WriteTable(polls, output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("sf:account: 2026-12-05 04:00:00Z: records deleted before then were not read; run `crmsync reconcile sf account`", lines[^1]);
    }

    private static string? Row(CliResult result, string id) =>
        result.Output.Split(Environment.NewLine).FirstOrDefault(line => line.StartsWith(id + " ", StringComparison.Ordinal));
}
