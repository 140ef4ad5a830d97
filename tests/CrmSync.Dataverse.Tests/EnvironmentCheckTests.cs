using CrmSync.Abstractions;
using CrmSync.Dataverse.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.Dataverse.Tests;

public class EnvironmentCheckTests
{
    [Fact]
    public async Task ACompleteEnvironmentPassesAndResolvesTheSourceByLabel()
    {
        await using var dataverse = await EmulatorFixture.StartAsync();
        var (check, values, capabilities) = Check(dataverse, new SourceOptions());

        await check.StartAsync(CancellationToken.None);

        Assert.Equal(192350004, values.For("generic"));
        Assert.True(capabilities.SupportsUpsertMultiple(DataverseTables.Account));
    }

    [Fact]
    public async Task AMissingColumnStopsStartUpNamingIt()
    {
        await using var dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Schema:RemoveColumns:0"] = "contact.msdyn_source_crm_url",
        });
        var (check, _, _) = Check(dataverse, new SourceOptions { SourceCrmValue = 192350004 });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));
        Assert.Contains("table contact has no column msdyn_source_crm_url", failure.Message);
        Assert.DoesNotContain("table account has no column", failure.Message);
    }

    [Fact]
    public async Task AnUnknownChoiceValueOrLabelStopsStartUpListingTheOptions()
    {
        await using var dataverse = await EmulatorFixture.StartAsync();
        var (byValue, _, _) = Check(dataverse, new SourceOptions { SourceCrmValue = 77 });
        var (byLabel, _, _) = Check(dataverse, new SourceOptions { SourceCrmLabel = "Siebel" });

        Assert.Contains("value 77", (await Assert.ThrowsAsync<InvalidOperationException>(() => byValue.StartAsync(CancellationToken.None))).Message);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => byLabel.StartAsync(CancellationToken.None));
        Assert.Contains("'Siebel'", failure.Message);
        Assert.Contains("2 ServiceNow", failure.Message);
    }

    [Fact]
    public async Task TablesWithoutBulkMessagesAreWrittenWithBatch()
    {
        await using var dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?> { ["Emulator:BulkMessages"] = "false" });
        var (check, _, capabilities) = Check(dataverse, new SourceOptions { SourceCrmValue = 2 });

        await check.StartAsync(CancellationToken.None);

        Assert.False(capabilities.SupportsUpsertMultiple(DataverseTables.Contact));
    }

    private static (EnvironmentCheck, SourceCrmValues, DataverseCapabilities) Check(EmulatorFixture dataverse, SourceOptions source)
    {
        var options = Options.Create(new CrmSyncOptions { Sources = { ["generic"] = source } });
        var values = new SourceCrmValues(options);
        var capabilities = new DataverseCapabilities();
        return (new EnvironmentCheck(dataverse.Client, dataverse.Connection, capabilities, values, options, NullLogger<EnvironmentCheck>.Instance), values, capabilities);
    }
}
