using System.Text.Json;
using CrmSync.Connectors.Tests.Rest;
using CrmSync.Testing.ServiceNow;

namespace CrmSync.Connectors.Tests.ServiceNow;

public sealed class ServiceNowWebhookTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly ServiceNowHarness harness = new(simulator.Address);

    [Fact]
    public async Task TheShippedBusinessRulesRequestBecomesTheWholeRecordAtItsVersion()
    {
        var values = await simulator.ValuesAsync("customer_contact", SimulatorRecords.ContactSysId(3));
        values["sys_updated_on"] = "2026-11-23 10:00:00";
        values["sys_mod_count"] = "4";
        var sent = BusinessRule("customer_contact", "update", values);

        var change = Assert.Single(await harness.ReceiveAsync(sent));

        Assert.Equal((Entities.Contact, SimulatorRecords.ContactSysId(3), ChangeOperation.Upsert), (change.Entity, change.SourceId, change.Operation));
        Assert.Equal(ChangeVersion.FromTimestamp(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), 4), change.Version);
        Assert.Equal(JsonSerializer.Serialize(values["first_name"]), change.Fields["firstname"]);
        Assert.Equal(JsonSerializer.Serialize(values["title"] is { Length: > 0 } title ? title : null), change.Fields["jobtitle"]);
        Assert.Equal(values["account"] is { Length: > 0 } account ? JsonSerializer.Serialize(account) : "null", change.Fields[RecordFields.ParentAccountId]);
        Assert.Equal(JsonSerializer.Serialize($"{harness.Instance}/now/cwf/agent/record/customer_contact/{SimulatorRecords.ContactSysId(3)}"), change.Fields[RecordFields.SourceUrl]);
    }

    [Fact]
    public async Task ABusinessRuleDeleteOrdersAfterTheRecordsLastUpdate()
    {
        var values = await simulator.ValuesAsync("customer_account", SimulatorRecords.AccountSysId(2));
        values["sys_mod_count"] = "7";
        var host = new ServiceNowScriptHost { UtcNow = new DateTime(2026, 11, 23, 10, 0, 5, DateTimeKind.Utc) };
        var sent = BusinessRule("customer_account", "delete", values, host);

        var change = Assert.Single(await harness.ReceiveAsync(sent));

        Assert.Equal(ChangeOperation.Delete, change.Operation);
        Assert.Equal(ChangeVersion.FromTimestamp(new DateTimeOffset(2026, 11, 23, 10, 0, 5, TimeSpan.Zero), 8), change.Version);
    }

    [Theory]
    [InlineData("""{"operation":"update","table":"incident","record":{}}""", null, "incident")]
    [InlineData("""{"operation":"upsert","table":"customer_account","record":{}}""", null, "operation")]
    [InlineData("""{"operation":"update","table":"customer_account","record":{"sys_id":"x"}}""", null, "sys_id")]
    [InlineData("""{"operation":"update","table":"customer_account","record":{"sys_id":"00000001acc0000000004000800000a1","sys_updated_on":"2026-11-23T10:00:00Z","sys_mod_count":"1"}}""", null, "sys_updated_on")]
    [InlineData("""{"operation":"delete","table":"customer_account","record":{"sys_id":"00000001acc0000000004000800000a1","sys_mod_count":"1"}}""", null, "sys_deleted_on")]
    [InlineData("""{"operation":"update","table":"customer_account","record":{"sys_id":"00000001acc0000000004000800000a1","sys_updated_on":"2026-11-23 10:00:00","sys_mod_count":"1"}}""", "contact", "the URL says contact")]
    [InlineData("""[1,2]""", null, "array")]
    [InlineData("""{"operation":""", null, "not JSON")]
    public async Task ASignedBodyThatIsNotTheRulesIsRefusedSayingWhy(string body, string? urlEntity, string expected)
    {
        var request = Signed(body, urlEntity);

        harness.Connector.Verify(request);
        var refusal = await Assert.ThrowsAsync<WebhookFormatException>(() => harness.Connector.ParseAsync(request, CancellationToken.None));

        Assert.Contains(expected, refusal.Message);
    }

    [Fact]
    public void AWrongSignatureOrMissingCredentialsAreRefused()
    {
        var body = """{"operation":"update"}""";
        var forged = ServiceNowHarness.Request("POST", null, body, Testing.WebhookSender.SignatureHeaders("m1", DateTimeOffset.UtcNow, System.Text.Encoding.UTF8.GetBytes(body), "whsec_" + Convert.ToBase64String(new byte[32])));

        Assert.Throws<WebhookRejectedException>(() => harness.Connector.Verify(forged));
        Assert.Throws<WebhookRejectedException>(() => harness.Connector.Verify(ServiceNowHarness.Request("POST", "account", "{}", [])));
        Assert.Throws<WebhookRejectedException>(() => harness.Connector.Verify(ServiceNowHarness.Request("POST", "account", "{}", [ServiceNowHarness.Basic(password: "wrong")])));
    }

    [Fact]
    public void ASourceWithoutWebhookCredentialsSaysWhichToSet()
    {
        using var pullOnly = new ServiceNowHarness(simulator.Address, new Dictionary<string, string?>
        {
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:Secret"] = null,
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:WebhookUsername"] = null,
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:WebhookPassword"] = null,
        });

        var missing = pullOnly.Connector.MissingWebhookCredentials(ServiceNowHarness.Source);

        Assert.Contains("CrmSync__Sources__sn__Secret", missing);
        Assert.Contains("WebhookUsername", missing);
        Assert.Null(harness.Connector.MissingWebhookCredentials(ServiceNowHarness.Source));
    }

    [Theory]
    [InlineData("account", "update")]
    [InlineData("contact", "update")]
    [InlineData("account", "insert")]
    public async Task AMicrosoftScriptBodyIsReadBackAndTakesTheCrmsState(string entity, string operation)
    {
        var (table, sysId) = entity == Entities.Account ? ("customer_account", SimulatorRecords.AccountSysId(11)) : ("customer_contact", SimulatorRecords.ContactSysId(12));
        var current = await simulator.ValuesAsync(table, sysId);
        var stale = new Dictionary<string, string?>(current) { ["name"] = "Stale name", ["first_name"] = "Stale" };
        var script = MicrosoftScriptBodies.For(entity, operation, stale);

        var change = Assert.Single(await harness.ReceiveAsync(ServiceNowHarness.Request(script.Method.Method, entity, script.Body, [ServiceNowHarness.Basic()])));

        Assert.Equal((entity, sysId, ChangeOperation.Upsert), (change.Entity, change.SourceId, change.Operation));
        Assert.Equal(JsonSerializer.Serialize(entity == Entities.Account ? current["name"] : current["first_name"]), change.Fields[entity == Entities.Account ? "name" : "firstname"]);
        Assert.Equal(ChangeVersion.FromTimestamp(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), long.Parse(current["sys_mod_count"]!)), change.Version);
    }

    [Fact]
    public async Task AMicrosoftDeleteOfARecordTheCrmNoLongerHasIsADeleteAtTheTimeOfReceipt()
    {
        var sysId = SimulatorRecords.ContactSysId(20);
        var body = MicrosoftScriptBodies.DeleteContact(await simulator.ValuesAsync("customer_contact", sysId));
        await simulator.ChangeAsync("customer_contact", sysId, "delete");
        var receivedAt = DateTimeOffset.UtcNow;

        var change = Assert.Single(await harness.ReceiveAsync(ServiceNowHarness.Request("DELETE", null, body.Body, [ServiceNowHarness.Basic()], receivedAt)));

        Assert.Equal((Entities.Contact, sysId, ChangeOperation.Delete), (change.Entity, change.SourceId, change.Operation));
        Assert.Equal(ChangeVersion.FromTimestamp(receivedAt), change.Version);
        await simulator.ChangeAsync("customer_contact", sysId, "insert");
    }

    [Theory]
    [InlineData("""{"id":"00000001acc0000000004000800000a1","sys_id":"00000001acc0000000004000800000a1"}""", null, "account or a contact")]
    [InlineData("""{"Name":"x","sys_id":"12"}""", null, "32 hex")]
    [InlineData("""{"Name":"x","id":"00000001acc0000000004000800000a1","sys_id":"00000002acc0000000004000800000a1"}""", null, "equal to id")]
    [InlineData("""{"Name":"x"}""", "account", "no sys_id")]
    public async Task AMicrosoftBodyWithoutAUsableIdOrEntityIsRefused(string body, string? entity, string expected)
    {
        var refusal = await Assert.ThrowsAsync<WebhookFormatException>(() => harness.ReceiveAsync(ServiceNowHarness.Request("POST", entity, body, [ServiceNowHarness.Basic()])));

        Assert.Contains(expected, refusal.Message);
    }

    [Fact]
    public async Task NotificationsArrivingTogetherAreReadBackInBatchesOfAHundred()
    {
        var before = (long)(await simulator.StatsAsync())["readBacks"]!;
        var bodies = await Task.WhenAll(Enumerable.Range(1, 90).Select(async index =>
            MicrosoftScriptBodies.UpdateAccount(await simulator.ValuesAsync("customer_account", SimulatorRecords.AccountSysId(index))).Body));
        var lookups = (long)(await simulator.StatsAsync())["readBacks"]! - before;

        var changes = await Task.WhenAll(bodies.Select(body => harness.ReceiveAsync(ServiceNowHarness.Request("POST", "account", body, [ServiceNowHarness.Basic()]))));

        Assert.Equal(90, changes.SelectMany(c => c).Select(c => c.SourceId).Distinct().Count());
        Assert.All(changes.SelectMany(c => c), change => Assert.Equal(ChangeOperation.Upsert, change.Operation));
        Assert.Equal(1, (long)(await simulator.StatsAsync())["readBacks"]! - before - lookups);
    }

    private WebhookRequest BusinessRule(string table, string operation, Dictionary<string, string?> values, ServiceNowScriptHost? host = null)
    {
        var run = (host ?? new ServiceNowScriptHost()).ForCrmSync($"http://gateway.test/webhooks/{ServiceNowHarness.Source}", ServiceNowHarness.Secret)
            .Run(new GlideRecordFake(table, operation, values));
        var message = Assert.Single(run.Messages);
        return ServiceNowHarness.Request("POST", null, message.Body!, message.Headers);
    }

    private static WebhookRequest Signed(string body, string? entity) =>
        ServiceNowHarness.Request("POST", entity, body, Testing.WebhookSender.SignatureHeaders("m1", DateTimeOffset.UtcNow, System.Text.Encoding.UTF8.GetBytes(body), ServiceNowHarness.Secret));

    public void Dispose() => harness.Dispose();
}
