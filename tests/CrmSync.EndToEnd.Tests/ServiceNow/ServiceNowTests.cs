using System.Text;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.ServiceNow;
using CrmSync.Testing.ServiceNow;

namespace CrmSync.EndToEnd.Tests.ServiceNow;

/// <summary>A ServiceNow source end to end, from settings alone: the initial sync, then both families of business rule.</summary>
public sealed class ServiceNowTests(ServiceNowSystemFixture fixture, ITestOutputHelper output) : IClassFixture<ServiceNowSystemFixture>
{
    private const string AccountTable = "customer_account";
    private const string ContactTable = "customer_contact";

    private static readonly HttpClient Gateway = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };

    private EmulatorClient Dataverse => fixture.System.Dataverse;

    [Fact]
    public async Task TheInitialSyncImportsEveryRecordWithSourceColumnsLinksAndAccounts()
    {
        output.WriteLine($"initial sync of {ServiceNowSystemFixture.Accounts + ServiceNowSystemFixture.Contacts:N0} records: {fixture.ImportDuration.TotalSeconds:0.0} s");
        foreach (var job in fixture.ImportJobs)
        {
            output.WriteLine(SyncClient.Describe(job));
        }

        Assert.Equal(ServiceNowSystemFixture.Contacts + ServiceNowSystemFixture.Accounts, fixture.ImportJobs.Sum(job => job.Read));
        Assert.All(fixture.ImportJobs, job => Assert.Equal(0, job.Parked));
        var account = await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, AccountId(ServiceNowSystemFixture.Accounts - 100));
        Assert.Equal(2, (int)account["msdyn_source_crm"]!);
        // The sys_id is the row's primary key, as Microsoft's flows make it, so their rows are the same rows.
        Assert.Equal(Guid.Parse(AccountId(ServiceNowSystemFixture.Accounts - 100)), Guid.Parse((string)account["accountid"]!));
        Assert.Equal($"{fixture.Crm.BaseAddress!.ToString().TrimEnd('/')}/now/cwf/agent/record/customer_account/{AccountId(ServiceNowSystemFixture.Accounts - 100)}", (string?)account["msdyn_source_crm_url"]);
        var crmContact = await fixture.CrmRecordAsync(ContactTable, ContactId(ServiceNowSystemFixture.Contacts - 1));
        var contact = await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, ContactId(ServiceNowSystemFixture.Contacts - 1));
        Assert.Equal((string?)crmContact["last_name"], (string?)contact["lastname"]);
        var parentRow = (string?)crmContact["account"] is { Length: > 0 } parent ? await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, parent) : null;
        Assert.Equal((string?)parentRow?["accountid"], (string?)contact["_parentcustomerid_value"]);
    }

    [Fact]
    public async Task NotificationsOfBothFamiliesShuffledAndDuplicatedConvergeToTheNewestState()
    {
        var indexes = Enumerable.Range(101, 30).ToList();
        var notifications = new List<JsonNode>();
        notifications.AddRange((await fixture.ChangeAsync("CrmSync", deliver: false, indexes.Select(i => Update(AccountTable, AccountId(i), new { name = $"First {i}" })))).Select(node => node!));
        notifications.AddRange((await fixture.ChangeAsync("CrmSync", deliver: false, indexes.Select(i => Update(AccountTable, AccountId(i), new { name = $"Second {i}" })))).Select(node => node!));
        notifications.AddRange((await fixture.ChangeAsync("Microsoft", deliver: false, indexes.Select(i => Update(AccountTable, AccountId(i), new { name = $"Final {i}" })))).Select(node => node!));
        var shuffled = notifications.Concat(notifications.Where((_, n) => n % 3 == 0)).OrderBy(_ => Random.Shared.Next()).ToList();

        var statuses = await Task.WhenAll(shuffled.Select(SendAsync));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        foreach (var i in indexes)
        {
            await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, AccountId(i), row => (string?)row["name"] == $"Final {i}", $"to be named Final {i}");
        }
    }

    [Fact]
    public async Task ADeleteRemovesTheRowAndARevivalBringsItBack()
    {
        var signed = AccountId(201);
        var microsoft = ContactId(202);

        await fixture.ChangeAsync("CrmSync", deliver: true, [Change(AccountTable, signed, "delete")]);
        await fixture.ChangeAsync("Microsoft", deliver: true, [Change(ContactTable, microsoft, "delete")]);
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, signed);
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Contacts, microsoft);
        // A Microsoft delete is versioned at its receipt, and sys_updated_on has whole seconds: revive in a later second.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await fixture.ChangeAsync("Microsoft", deliver: true, [Change(AccountTable, signed, "insert", new { name = "Revived account" })]);
        await fixture.ChangeAsync("CrmSync", deliver: true, [Change(ContactTable, microsoft, "insert", new { last_name = "Revived" })]);

        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, signed, row => (string?)row["name"] == "Revived account", "to be revived");
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, microsoft, row => (string?)row["lastname"] == "Revived", "to be revived");
    }

    [Fact]
    public async Task ReadBacksAreRetriedThrough429And5xxAndA404IsADelete()
    {
        var throttled = AccountId(301);
        var failing = AccountId(302);
        var gone = AccountId(303);
        var stale = await fixture.ChangeAsync("Microsoft", deliver: false, [Update(AccountTable, throttled, new { name = "After 429" }), Update(AccountTable, failing, new { name = "After 502" })]);
        var deleteOf = await fixture.ChangeAsync("Microsoft", deliver: false, [Update(AccountTable, gone, new { name = "Gone" })]);
        await fixture.ChangeAsync("CrmSync", deliver: false, [Change(AccountTable, gone, "delete")]);

        await fixture.QueueFaultAsync(new { status = 429, count = 2, retryAfterSeconds = 1 });
        Assert.Equal(HttpStatusCode.OK, await SendAsync(stale[0]!));
        await fixture.QueueFaultAsync(new { status = 502, count = 2 });
        Assert.Equal(HttpStatusCode.OK, await SendAsync(stale[1]!));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(deleteOf[0]!));

        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, throttled, row => (string?)row["name"] == "After 429", "to be renamed");
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, failing, row => (string?)row["name"] == "After 502", "to be renamed");
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, gone);
    }

    [Fact]
    public async Task TheShippedBusinessRulesRequestLandsAsARow()
    {
        var sysId = AccountId(401);
        var record = await fixture.CrmRecordAsync(AccountTable, sysId);
        var values = record.ToDictionary(field => field.Key, field => (string?)field.Value);
        values["name"] = "Written by the business rule";
        values["sys_updated_on"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss");
        values["sys_mod_count"] = $"{long.Parse(values["sys_mod_count"]!) + 1}";
        var run = new ServiceNowScriptHost().ForCrmSync(fixture.WebhookUrl.ToString(), ServiceNowSystemFixture.Secret).Run(new GlideRecordFake(AccountTable, "update", values));

        using var response = await Gateway.SendAsync(Assert.Single(run.Messages).ToHttpRequest());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, sysId, row => (string?)row["name"] == "Written by the business rule", "to carry the rule's name");
    }

    [Fact]
    public async Task FiveThousandMicrosoftNotificationsWithinSecondsCostAtMostSixtyReadBacks()
    {
        var changes = Enumerable.Range(501, 2_500).Select(i => Update(AccountTable, AccountId(i), new { phone = $"+1 555 {i:D4}" }))
            .Concat(Enumerable.Range(501, 2_500).Select(i => Update(ContactTable, ContactId(i), new { phone = $"+1 556 {i:D4}" })));
        var before = await fixture.ReadBacksAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var sent = await fixture.ChangeAsync("Microsoft", deliver: true, changes, concurrency: 300);

        var readBacks = await fixture.ReadBacksAsync() - before;
        output.WriteLine($"5,000 Microsoft notifications answered in {clock.Elapsed.TotalSeconds:0.0} s with {readBacks} read-back requests");
        Assert.Equal(5_000, sent.Count);
        Assert.All(sent, notification => Assert.Equal(200, (int)notification!["status"]!));
        Assert.InRange(readBacks, 1, 60);
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, AccountId(3_000), row => (string?)row["telephone1"] == "+1 555 3000", "to carry the new phone");
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, ContactId(501), row => (string?)row["telephone1"] == "+1 556 0501", "to carry the new phone");
    }

    private static string AccountId(int index) => SysIds.Of(SimEntity.Account, index);

    private static string ContactId(int index) => SysIds.Of(SimEntity.Contact, index);

    private static object Update(string table, string sysId, object fields) => new { table, sysId, operation = "update", fields };

    private static object Change(string table, string sysId, string operation, object? fields = null) => new { table, sysId, operation, fields };

    /// <summary>Delivers a notification the simulator built, as the CRM would have sent it.</summary>
    private static async Task<HttpStatusCode> SendAsync(JsonNode notification)
    {
        using var request = new HttpRequestMessage(new HttpMethod((string)notification["method"]!), (string)notification["url"]!)
        {
            Content = new StringContent((string)notification["body"]!, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in notification["headers"]!.AsObject())
        {
            request.Headers.TryAddWithoutValidation(name, (string?)value);
        }

        using var response = await Gateway.SendAsync(request);
        return response.StatusCode;
    }
}
