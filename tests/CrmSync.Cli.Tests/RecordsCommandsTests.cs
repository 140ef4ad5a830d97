namespace CrmSync.Cli.Tests;

/// <summary><c>crmsync records</c> against the real gateway, silo and Dataverse emulator, after real webhooks.</summary>
[Collection(CliSystemCollection.Name)]
public sealed class RecordsCommandsTests(CliSystem system)
{
    /// <summary>Longer than Dataverse's 160 characters for an account's name, so Dataverse refuses the row for good.</summary>
    private static readonly string TooLongName = new('x', 500);

    [Fact]
    public async Task ShowPrintsTheRecordsStatusVersionsFieldsAndRecentChanges()
    {
        var id = RecordIds.New("Cli-Show");
        await system.SendAsync(GenericChange.Account(id, 3, new { name = "Contoso", telephone1 = "+1 555 0100" }));

        var result = await system.WaitUntilShownAsync(id, "written");

        var lines = result.Output.Split(Environment.NewLine);
        Assert.Equal($"generic/account/{id}  written", lines[0]);
        Assert.Contains("  versions   newest 3, upsert 3, delete -", lines);
        Assert.Contains("  revisions  desired 1, written 1", lines);
        Assert.Contains("  name        \"Contoso\"", lines);
        Assert.Contains("  telephone1  \"+1 555 0100\"", lines);
        Assert.Matches(@"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ  3        upsert     accepted\s+1  yes$", lines.Single(line => line.Contains("upsert     accepted")));
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task ShowPrintsAnEditMadeInDataverseThatTheRecordsWriteRanInto()
    {
        var id = RecordIds.New("Cli-Edit");
        await system.SendAsync(GenericChange.Account(id, 1, new { name = "From the CRM" }));
        var row = await system.System.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id);
        await system.System.Dataverse.EditRowAsync(EmulatorClient.Accounts, (Guid)row["accountid"]!, new { name = "Edited" });
        await system.SendAsync(GenericChange.Account(id, 2, new { name = "CRM v2" }));

        var result = await Eventually.MatchesAsync(
            () => system.RunAsync("records", "show", "generic", "account", id),
            result => result.Output.Contains("Edits made in Dataverse") && result.Output.StartsWith($"generic/account/{id}  written", StringComparison.Ordinal),
            $"crmsync records show to print {id}'s edit");

        var lines = result.Output.Split(Environment.NewLine);
        Assert.Matches(@"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ  overwrite  name: ""Edited"" in Dataverse, ""CRM v2"" from the CRM$", lines.Single(line => line.Contains("overwrite")));
    }

    [Fact]
    public async Task KeptSaysSoWhenNoRowIsKept()
    {
        var result = await system.RunAsync("records", "kept");

        Assert.Equal((ExitCodes.Ok, $"No records are kept.{Environment.NewLine}"), (result.ExitCode, result.Output));
    }

    [Fact]
    public async Task ShowFindsARecordWhoseIdHoldsASlash()
    {
        var id = RecordIds.New("Cli/Slash");
        await system.SendAsync(GenericChange.Account(id, 1, new { name = "Slashed" }));

        var result = await system.WaitUntilShownAsync(id, "written");

        Assert.StartsWith($"generic/account/{id}  written", result.Output);
    }

    [Fact]
    public async Task ShowOfARecordThatNeverChangedPrintsTheGatewaysReason()
    {
        var result = await system.RunAsync("records", "show", "generic", "account", "Cli-Never-Seen");

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Equal($"Record generic/account/Cli-Never-Seen has never received a change.{Environment.NewLine}", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task AnUnknownSourceOrEntityPrintsTheGatewaysReason()
    {
        var source = await system.RunAsync("records", "show", "nosuchcrm", "account", "A-1");
        var entity = await system.RunAsync("records", "retry", "generic", "lead", "A-1");

        Assert.Equal((ExitCodes.Error, $"No source named 'nosuchcrm' is configured; add it under CrmSync:Sources:nosuchcrm.{Environment.NewLine}"), (source.ExitCode, source.Error));
        Assert.Equal((ExitCodes.Error, $"Entity 'lead' is unknown; use account or contact.{Environment.NewLine}"), (entity.ExitCode, entity.Error));
    }

    [Fact]
    public async Task ParkedListsARecordDataverseRefusedWithItsError()
    {
        var id = RecordIds.New("Cli-Long");
        await system.SendAsync(GenericChange.Account(id, 1, new { name = TooLongName }));

        var line = await WaitUntilParkedAsync(id);

        Assert.Matches(@$"^generic/account/{id}\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ  400 0x80044331:", line);
        var shown = await system.WaitUntilShownAsync(id, "parked");
        Assert.Contains("  last error  400 0x80044331:", shown.Output);
    }

    [Fact]
    public async Task ParkedWithALimitListsThatManyAndSaysMoreAreParked()
    {
        var ids = new[] { RecordIds.New("Cli-Limit"), RecordIds.New("Cli-Limit") };
        await system.SendAsync([.. ids.Select(id => GenericChange.Account(id, 1, new { name = TooLongName }))]);
        foreach (var id in ids)
        {
            await WaitUntilParkedAsync(id);
        }

        var result = await system.RunAsync("records", "parked", "--limit", "1");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var lines = result.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("RECORD", lines[0]);
        Assert.StartsWith("generic/", lines[1]);
        Assert.Equal("More records are parked than these 1; raise --limit to see them.", lines[2]);
    }

    [Fact]
    public async Task RetryWritesAParkedRecordOnceItsCauseIsFixed()
    {
        var id = RecordIds.New("Cli-Dup");
        var squatter = await system.System.Dataverse.MakeAccountByHandAsync(id);
        await system.SendAsync(GenericChange.Account(id, 1, new { name = "From the CRM" }));
        await system.WaitUntilShownAsync(id, "parked");
        await system.System.Dataverse.DeleteAccountAsync(squatter);

        var result = await system.RunAsync("records", "retry", "generic", "account", id);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith($"Retrying generic/account/{id}; it is ", result.Output);
        await system.WaitUntilShownAsync(id, "written");
        Assert.Equal("From the CRM", (await system.System.Dataverse.RowAsync(EmulatorClient.Accounts, id))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task RetryParkedRetriesEveryParkedRecordAndSaysHowMany()
    {
        var id = RecordIds.New("Cli-Dup-All");
        var squatter = await system.System.Dataverse.MakeAccountByHandAsync(id);
        await system.SendAsync(GenericChange.Account(id, 1, new { name = "All of them" }));
        await system.WaitUntilShownAsync(id, "parked");
        await system.System.Dataverse.DeleteAccountAsync(squatter);

        var result = await system.RunAsync("records", "retry", "--parked");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Matches(@"^Retrying \d+ parked records?; `crmsync records parked` lists any Dataverse refuses again\.", result.Output);
        await system.WaitUntilShownAsync(id, "written");
    }

    /// <summary>Runs <c>crmsync records parked</c> until it lists the record; returns its line.</summary>
    private async Task<string> WaitUntilParkedAsync(string id)
    {
        var result = await Eventually.MatchesAsync(
            () => system.RunAsync("records", "parked", "--limit", "10000"),
            result => result.ExitCode == 0 && result.Output.Contains($"generic/account/{id} "),
            $"crmsync records parked to list {id}");
        return result.Output.Split(Environment.NewLine).Single(line => line.StartsWith($"generic/account/{id} ", StringComparison.Ordinal));
    }
}
