using System.Text;
using CrmSync.Connectors.Pipedrive;
using CrmSync.Connectors.Tests.Rest;

namespace CrmSync.Connectors.Tests.Pipedrive;

public sealed class PipedriveConnectorTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => simulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheInitialSyncFollowsNextCursorThroughEveryOrganizationAndPerson()
    {
        await simulator.PostAsync("simulator/auth", new { type = "ApiKey", header = "x-api-token", value = PipedriveSource.ApiToken });
        using var services = PipedriveSource.Create(simulator.Address, pageSize: 40);

        var accounts = (await services.Reader().ReadAllAsync(PipedriveSource.Name, Entities.Account)).SelectMany(p => p.Changes).ToList();
        var pages = await services.Reader().ReadAllAsync(PipedriveSource.Name, Entities.Contact);
        var contacts = pages.SelectMany(p => p.Changes).ToList();

        Assert.Equal(SimulatorFixture.Accounts, accounts.Select(a => a.SourceId).Distinct().Count());
        Assert.Equal(SimulatorFixture.Contacts, contacts.Select(c => c.SourceId).Distinct().Count());
        Assert.Equal(4, pages.Count);
        Assert.Contains(contacts, c => c.Fields[RecordFields.ParentAccountId] == "null");
        var first = await simulator.GetRecordAsync(Entities.Contact, "C0000001");
        var person = contacts.Single(c => c.SourceId == "1");
        Assert.Equal(($"\"{first["email"]}\"", $"\"{first["lastName"]}\""), (person.Fields["emailaddress1"], person.Fields["lastname"]));
    }

    [Fact]
    public async Task AWrongApiTokenIsRefusedNamingTheSetting()
    {
        await simulator.PostAsync("simulator/auth", new { type = "ApiKey", header = "x-api-token", value = "another-token" });
        using var services = PipedriveSource.Create(simulator.Address);

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(PipedriveSource.Name, Entities.Account, null, CancellationToken.None));

        Assert.Contains($"CrmSync:Sources:{PipedriveSource.Name}:ApiToken", refused.Message);
    }

    [Fact]
    public async Task AThousandNotificationsCostNoApiCallsSinceDataIsTheWholeRecord()
    {
        using var services = PipedriveSource.Create(simulator.Address);
        var connector = services.Connector();
        var edits = Enumerable.Range(1, 1000).Select(i => (object)new { entity = "contact", id = $"C{1 + i % 130:D7}", action = "change", fields = new { lastName = $"Roe {i}" } }).ToArray();
        var notifications = await simulator.EditAsync("iso", edits);
        var before = (long)(await simulator.StatsAsync())["requests"]!;

        var changes = await Task.WhenAll(notifications.Select(n => { connector.Verify(n); return connector.ParseAsync(n, CancellationToken.None); }));

        Assert.Equal(1000, changes.Sum(c => c.Count));
        Assert.Equal(before, (long)(await simulator.StatsAsync())["requests"]!);
    }

    [Fact]
    public async Task AMergeIsADeleteOfTheMergedPersonAndAChangeOfTheSurvivor()
    {
        using var services = PipedriveSource.Create(simulator.Address);
        var notifications = await simulator.EditAsync("unix", new { entity = "contact", id = "C0000010", action = "merge", into = "C0000011" });

        var changes = (await Task.WhenAll(notifications.Select(n => services.Connector().ParseAsync(n, CancellationToken.None)))).SelectMany(c => c).ToList();

        Assert.Collection(changes,
            merged => Assert.Equal((ChangeOperation.Delete, "10"), (merged.Operation, merged.SourceId)),
            survivor => Assert.Equal((ChangeOperation.Upsert, "11"), (survivor.Operation, survivor.SourceId)));
        Assert.Contains("\"merged_to_id\":\"11\"", Encoding.UTF8.GetString(notifications[0].Body));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(PipedriveSource.Username, "wrong")]
    [InlineData("someone", PipedriveSource.Password)]
    public void ANotificationWithoutTheWebhooksBasicCredentialsIsRefused(string? username, string? password)
    {
        using var services = PipedriveSource.Create(simulator.Address);

        Assert.Throws<WebhookRejectedException>(() => services.Connector().Verify(PipedriveSource.Notification("{}", username, password ?? "")));
    }

    [Fact]
    public async Task ARedeliveredNotificationCostsNothingOnceAcknowledged()
    {
        using var services = PipedriveSource.Create(simulator.Address);
        var connector = services.Connector();
        var notification = (await simulator.EditAsync("iso", new { entity = "account", id = "A0000003", action = "change", fields = new { name = "Acme" } }))[0];

        var first = await connector.ParseAsync(notification, CancellationToken.None);
        connector.Acknowledge(notification, [new ChangeResult(first[0], AcceptOutcome.Accepted)]);
        var again = await connector.ParseAsync(PipedriveSource.Notification(Encoding.UTF8.GetString(notification.Body)), CancellationToken.None);

        Assert.Equal("\"Acme\"", Assert.Single(first).Fields["name"]);
        Assert.Empty(again);
    }

    [Fact]
    public void SettingsWithoutACompanyOrTokenAreRefusedNamingEachSetting()
    {
        var failures = PipedriveSourceValidation.Check("pd", new PipedriveSourceOptions { WebhookUsername = "u", PageSize = 501 });

        Assert.Collection(failures,
            f => Assert.StartsWith("CrmSync:Sources:pd:CompanyDomain", f),
            f => Assert.StartsWith("CrmSync:Sources:pd:ApiToken", f),
            f => Assert.Contains("WebhookPassword go together", f),
            f => Assert.StartsWith("CrmSync:Sources:pd:PageSize", f));
    }
}
