using CrmSync.Connectors.Tests.Rest;
using CrmSync.Connectors.Zendesk;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.Zendesk;

public sealed class ZendeskConnectorTests(SimulatorFixture simulator, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => simulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AUserEventIsReadBackWithItsNamePhoneOrganizationVersionAndDeepLink()
    {
        using var services = ZendeskSource.Create(simulator.Address);
        var expected = await simulator.GetRecordAsync(Entities.Contact, "C0000003");

        var change = Assert.Single(await services.Connector().ParseAsync(ZendeskSource.Event("user.created", ZendeskSource.Users + 3, "e1"), CancellationToken.None));

        Assert.Equal((Entities.Contact, "370000003", ChangeOperation.Upsert), (change.Entity, change.SourceId, change.Operation));
        Assert.Equal($"\"{expected["firstName"]} {expected["lastName"]}\"", change.Fields["lastname"]);
        Assert.Equal($"\"{expected["phone"]}\"", change.Fields["telephone1"]);
        Assert.Equal("\"https://acme.zendesk.com/agent/users/370000003\"", change.Fields[RecordFields.SourceUrl]);
        Assert.Equal(ChangeVersion.FromTimestamp(DateTimeOffset.Parse("2026-01-01T00:00:00Z")), change.Version);
        var parent = expected["accountId"] is { } account ? $"\"{360_000_000 + int.Parse(((string)account!)[1..])}\"" : "null";
        Assert.Equal(parent, change.Fields[RecordFields.ParentAccountId]);
    }

    [Fact]
    public async Task AThousandNotificationsCostAboutTenShowManyCalls()
    {
        using var services = ZendeskSource.Create(simulator.Address);
        var connector = services.Connector();
        var notices = Enumerable.Range(0, 1000).Select(i => ZendeskSource.Event(i % 2 == 0 ? "user.details_changed" : "organization.name_changed",
            (i % 2 == 0 ? ZendeskSource.Users : ZendeskSource.Organizations) + 1 + i % 90, $"event-{i}")).ToList();

        var changes = await Task.WhenAll(notices.Select(n => connector.ParseAsync(n, CancellationToken.None)));

        Assert.All(changes, c => Assert.Equal(ChangeOperation.Upsert, Assert.Single(c).Operation));
        var calls = connector.ReadBackRequests(ZendeskSource.Name, Entities.Contact) + connector.ReadBackRequests(ZendeskSource.Name, Entities.Account);
        // 500 users and 500 organizations fill five batches of 100 each; on a loaded machine the 200 ms wait may send
        // one entity's first batch before it is full, which costs one call more.
        Assert.InRange(calls, 10, 12);
        Assert.Equal(calls, (long)(await simulator.StatsAsync())["readBacks"]!);
        output.WriteLine($"{calls} show_many calls for 1,000 notifications");
    }

    [Fact]
    public async Task LeavingTheOrganizationClearsTheParentAndJoiningOneSetsIt()
    {
        using var services = ZendeskSource.Create(simulator.Address);
        var events = await simulator.EditAsync(
            new { entity = "contact", id = "C0000005", action = "change", fields = new Dictionary<string, string?> { ["accountId"] = null } },
            new { entity = "contact", id = "C0000006", action = "change", fields = new Dictionary<string, string?> { ["accountId"] = "A0000007" } });

        var left = Assert.Single(await services.Connector().ParseAsync(events[0], CancellationToken.None));
        var joined = Assert.Single(await services.Connector().ParseAsync(events[1], CancellationToken.None));

        Assert.Contains("organization_membership_deleted", System.Text.Encoding.UTF8.GetString(events[0].Body));
        Assert.Equal("null", left.Fields[RecordFields.ParentAccountId]);
        Assert.Equal("\"360000007\"", joined.Fields[RecordFields.ParentAccountId]);
    }

    [Fact]
    public async Task ADeletedEventIsADeleteWithoutAReadBackAndARecordGoneFromTheApiIsOneToo()
    {
        using var services = ZendeskSource.Create(simulator.Address);
        var connector = services.Connector();
        var deleted = await simulator.EditAsync(new { entity = "account", id = "A0000002", action = "delete" });
        var stale = ZendeskSource.Event("organization.name_changed", ZendeskSource.Organizations + 2, "late", "2026-01-01T00:00:00Z");

        var delete = Assert.Single(await connector.ParseAsync(deleted[0], CancellationToken.None));
        Assert.Equal(0, connector.ReadBackRequests(ZendeskSource.Name, Entities.Account));
        var gone = Assert.Single(await connector.ParseAsync(stale, CancellationToken.None));

        Assert.Equal((ChangeOperation.Delete, "360000002"), (delete.Operation, delete.SourceId));
        Assert.Equal(ChangeVersion.FromTimestamp(DateTimeOffset.Parse("2026-01-01T00:00:01Z")), delete.Version);
        Assert.Equal((ChangeOperation.Delete, "360000002"), (gone.Operation, gone.SourceId));
    }

    [Fact]
    public async Task ARedeliveredEventCostsNothingOnceAcknowledgedButIsReadAgainIfTheFirstFailed()
    {
        using var services = ZendeskSource.Create(simulator.Address);
        var connector = services.Connector();
        var notice = ZendeskSource.Event("user.name_changed", ZendeskSource.Users + 9, "once");

        var first = await connector.ParseAsync(notice, CancellationToken.None);
        var retried = await connector.ParseAsync(ZendeskSource.Signed(System.Text.Encoding.UTF8.GetString(notice.Body)), CancellationToken.None);
        connector.Acknowledge(notice, [new ChangeResult(first[0], AcceptOutcome.Accepted)]);
        var duplicate = await connector.ParseAsync(ZendeskSource.Signed(System.Text.Encoding.UTF8.GetString(notice.Body)), CancellationToken.None);

        Assert.Single(retried);
        Assert.Empty(duplicate);
        Assert.Equal(2, connector.ReadBackRequests(ZendeskSource.Name, Entities.Contact));
    }

    [Fact]
    public async Task TheInitialSyncReadsEveryOrganizationAndEveryUserIncludingThoseWithoutOne()
    {
        using var services = ZendeskSource.Create(simulator.Address);

        var accounts = (await services.Reader().ReadAllAsync(ZendeskSource.Name, Entities.Account)).SelectMany(p => p.Changes).ToList();
        var pages = await services.Reader().ReadAllAsync(ZendeskSource.Name, Entities.Contact);
        var contacts = pages.SelectMany(p => p.Changes).ToList();

        Assert.Equal(SimulatorFixture.Accounts, accounts.Select(a => a.SourceId).Distinct().Count());
        Assert.Equal(SimulatorFixture.Contacts, contacts.Select(c => c.SourceId).Distinct().Count());
        Assert.Equal(2, pages.Count);
        Assert.Contains(contacts, c => c.Fields[RecordFields.ParentAccountId] == "null");
        Assert.Contains(contacts, c => c.Fields[RecordFields.ParentAccountId] != "null");
    }

    [Fact]
    public async Task TheApiTokenIsSentAsBasicEmailSlashTokenAndARefusedOneNamesTheSettings()
    {
        await simulator.PostAsync("simulator/auth", new { type = "Basic", username = $"{ZendeskSource.Email}/token", password = ZendeskSource.ApiToken });
        using var services = ZendeskSource.Create(simulator.Address);
        await services.Reader().ReadPageAsync(ZendeskSource.Name, Entities.Account, null, CancellationToken.None);

        await simulator.PostAsync("simulator/auth", new { type = "Basic", username = $"{ZendeskSource.Email}/token", password = "rotated" });
        using var stale = ZendeskSource.Create(simulator.Address);
        var refused = await Assert.ThrowsAsync<SourceReadException>(() => stale.Reader().ReadPageAsync(ZendeskSource.Name, Entities.Account, null, CancellationToken.None));

        Assert.Contains($"CrmSync:Sources:{ZendeskSource.Name}:ApiToken", refused.Message);
    }

    [Fact]
    public void SettingsWithoutAnAccountOrCredentialsAreRefusedNamingEachSetting()
    {
        var failures = ZendeskSourceValidation.Check("zd", new ZendeskSourceOptions { Email = "a@example.com", ReadBackBatch = 101 });

        Assert.Collection(failures,
            f => Assert.StartsWith("CrmSync:Sources:zd:Subdomain", f),
            f => Assert.Contains("Email and ApiToken", f),
            f => Assert.StartsWith("CrmSync:Sources:zd:ReadBackBatch", f));
    }
}
