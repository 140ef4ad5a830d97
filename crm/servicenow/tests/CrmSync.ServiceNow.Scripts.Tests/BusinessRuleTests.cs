namespace CrmSync.ServiceNow.Scripts.Tests;

public sealed class BusinessRuleTests
{
    private const string Endpoint = "https://crmsync.example.com/webhooks/servicenow";

    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 5, DateTimeKind.Utc);

    private static ServiceNowScriptHost Host() => new ServiceNowScriptHost { UtcNow = Now }.ForCrmSync(Endpoint, Secret);

    private static RecordedRestMessage RunOnce(GlideRecordFake current, ServiceNowScriptHost? host = null)
    {
        var run = (host ?? Host()).Run(current);
        Assert.Empty(run.Errors);
        return Assert.Single(run.Messages);
    }

    [Theory]
    [InlineData("customer_account", "insert")]
    [InlineData("customer_account", "update")]
    [InlineData("customer_contact", "insert")]
    [InlineData("customer_contact", "update")]
    public void AnInsertOrUpdatePostsTheWholeRecordAsyncToTheEndpoint(string table, string operation)
    {
        var values = table == "customer_account" ? SampleRecords.Account() : SampleRecords.Contact();

        var message = RunOnce(new GlideRecordFake(table, operation, values));

        Assert.Equal(Endpoint, message.Endpoint);
        Assert.Equal("post", message.HttpMethod);
        Assert.True(message.SentAsync);
        Assert.False(message.SentSync);
        Assert.Equal("application/json", message.Headers["Content-Type"]);
        var body = JsonNode.Parse(message.Body!)!.AsObject();
        Assert.Equal(["operation", "table", "record"], body.Select(property => property.Key));
        Assert.Equal(operation, (string?)body["operation"]);
        Assert.Equal(table, (string?)body["table"]);
        var record = body["record"]!.AsObject();
        Assert.Equal(values.Keys.Order(), record.Select(field => field.Key).Order());
        Assert.All(values, field => Assert.Equal(field.Value, (string?)record[field.Key]));
    }

    [Fact]
    public void ADeleteCarriesTheRecordAndTheUtcTimeOfDeletion()
    {
        var message = RunOnce(new GlideRecordFake("customer_contact", "delete", SampleRecords.Contact()));

        var body = JsonNode.Parse(message.Body!)!.AsObject();
        Assert.Equal("delete", (string?)body["operation"]);
        Assert.Equal("2026-11-23 10:00:05", (string?)body["sys_deleted_on"]);
        Assert.Equal(SampleRecords.ContactSysId, (string?)body["record"]!["sys_id"]);
        Assert.Equal("0", (string?)body["record"]!["sys_mod_count"]);
    }

    [Fact]
    public void EmptyFieldsTravelAsEmptyStrings()
    {
        var values = SampleRecords.Contact();
        values["account"] = null;
        values["title"] = "";

        var record = JsonNode.Parse(RunOnce(new GlideRecordFake("customer_contact", "update", values)).Body!)!["record"]!;

        Assert.Equal("", (string?)record["account"]);
        Assert.Equal("", (string?)record["title"]);
    }

    [Theory]
    [InlineData("insert")]
    [InlineData("delete")]
    public void TheSignatureVerifiesAsStandardWebhooks(string operation)
    {
        var message = RunOnce(new GlideRecordFake("customer_account", operation, SampleRecords.Account()));

        Assert.True(StandardWebhooksCheck.Verifies(Secret, message.Headers, message.Body!, DateTimeOffset.UtcNow));
        Assert.StartsWith("v1,", message.Headers["webhook-signature"]);
        Assert.InRange(long.Parse(message.Headers["webhook-timestamp"]), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public void AChangedBodyOrAnotherSecretNoLongerVerifies()
    {
        var message = RunOnce(new GlideRecordFake("customer_account", "update", SampleRecords.Account()));

        Assert.False(StandardWebhooksCheck.Verifies(Secret, message.Headers, message.Body!.Replace("Contoso", "Fabrikam"), DateTimeOffset.UtcNow));
        Assert.False(StandardWebhooksCheck.Verifies("whsec_" + Convert.ToBase64String(new byte[24]), message.Headers, message.Body!, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void TheMessageIdNamesTheRecordVersionSoAResendIsTheSameMessage()
    {
        var values = SampleRecords.Account();
        var first = RunOnce(new GlideRecordFake("customer_account", "update", values));
        var again = RunOnce(new GlideRecordFake("customer_account", "update", values));
        values["sys_mod_count"] = "4";
        var next = RunOnce(new GlideRecordFake("customer_account", "update", values));

        Assert.Equal($"sn_{SampleRecords.AccountSysId}_3_update", first.Headers["webhook-id"]);
        Assert.Equal(first.Headers["webhook-id"], again.Headers["webhook-id"]);
        Assert.NotEqual(first.Headers["webhook-id"], next.Headers["webhook-id"]);
    }

    [Fact]
    public void NonAsciiValuesAreEscapedSoTheSignedTextIsAsciiAndMeansTheSame()
    {
        var values = SampleRecords.Account();
        values["name"] = "Müller & Søn – 東京 😀";

        var message = RunOnce(new GlideRecordFake("customer_account", "insert", values));

        Assert.All(message.Body!, character => Assert.True(character < 0x7f, $"'{character}' is not ASCII"));
        Assert.Equal(values["name"], (string?)JsonNode.Parse(message.Body!)!["record"]!["name"]);
        Assert.True(StandardWebhooksCheck.Verifies(Secret, message.Headers, message.Body!, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void InTheGlobalScopeItUsesGlideCertificateEncryptionAndAJavaListOfElements()
    {
        var host = Host();
        host.GlobalScope = true;

        var message = RunOnce(new GlideRecordFake("customer_account", "update", SampleRecords.Account(), globalScope: true), host);

        Assert.Equal(SampleRecords.Account().Count, JsonNode.Parse(message.Body!)!["record"]!.AsObject().Count);
        Assert.True(StandardWebhooksCheck.Verifies(Secret, message.Headers, message.Body!, DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData(CrmSyncBusinessRule.EndpointProperty)]
    [InlineData(CrmSyncBusinessRule.SecretProperty)]
    public void AMissingPropertyIsLoggedAndNothingIsSent(string property)
    {
        var host = Host();
        host.Properties.Remove(property);

        var run = host.Run(new GlideRecordFake("customer_account", "insert", SampleRecords.Account()));

        Assert.Empty(run.Messages);
        var error = Assert.Single(run.Errors);
        Assert.Contains(property, error);
        Assert.Contains(SampleRecords.AccountSysId, error);
    }

    [Fact]
    public void ASecretWithoutItsPrefixIsLoggedAndNothingIsSent()
    {
        var host = new ServiceNowScriptHost().ForCrmSync(Endpoint, Secret["whsec_".Length..]);

        var run = host.Run(new GlideRecordFake("customer_account", "insert", SampleRecords.Account()));

        Assert.Empty(run.Messages);
        Assert.Contains("whsec_", Assert.Single(run.Errors));
    }

    [Fact]
    public void AFailedSendIsLoggedAndDoesNotFailTheTransaction()
    {
        var host = Host();
        host.SendFailure = new InvalidOperationException("No ECC queue");

        var run = host.Run(new GlideRecordFake("customer_contact", "insert", SampleRecords.Contact()));

        Assert.True(Assert.Single(run.Messages).SentAsync);
        Assert.Contains("No ECC queue", Assert.Single(run.Errors));
    }

    [Fact]
    public void ASecretThatIsNotBase64IsLoggedAndDoesNotFailTheTransaction()
    {
        var host = new ServiceNowScriptHost().ForCrmSync(Endpoint, "whsec_not base64!");

        var run = host.Run(new GlideRecordFake("customer_contact", "insert", SampleRecords.Contact()));

        Assert.Empty(run.Messages);
        Assert.Single(run.Errors);
    }
}
