using System.Security.Cryptography;
using System.Xml.Linq;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Salesforce;

namespace CrmSync.CrmSimulator.Tests.Salesforce;

public sealed class SalesforceChangesTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly XNamespace Outbound = "http://soap.sforce.com/2005/09/outbound";
    private static readonly XNamespace SObject = "urn:sobject.enterprise.soap.sforce.com";

    private static readonly string Account1 = SalesforceIds.IdOf(SimEntity.Account, 1);

    [Fact]
    public async Task AnUpdateSendsTheWholeRecordSignedAsStandardWebhooks()
    {
        await using var simulator = await TestSimulator.StartAsync();

        var answer = await ChangeAsync(simulator, "apex", Change("Account", Account1, "update", """{"Name":"Renamed Ltd"}"""));
        var message = answer["messages"]!.AsArray().Single()!["message"]!;
        var body = JsonNode.Parse((string)message["body"]!)!;
        var record = body["records"]!.AsArray().Single()!;

        Assert.Equal("update", (string?)body["operation"]);
        Assert.Equal(Account1, (string?)record["Id"]);
        Assert.Equal("Renamed Ltd", (string?)record["Name"]);
        Assert.Equal("2026-01-01T00:00:01.000+0000", (string?)record["SystemModstamp"]);
        Assert.Equal(SalesforceFields.Account, record.AsObject().Select(property => property.Key).Skip(1));
        Assert.Equal(ExpectedSignature(message), (string?)message["headers"]!["webhook-signature"]);
    }

    [Fact]
    public async Task ADeleteSendsTheIdAndTimeOfDeletionAndTheRecordIsGoneUntilUndeleted()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();
        var path = $"services/data/v62.0/sobjects/Account/{Account1}";

        var deleted = await ChangeAsync(simulator, "apex", Change("Account", Account1, "delete"));
        using var whileDeleted = await session.GetAsync(path);
        var query = await session.JsonAsync(session.QueryAsync($"SELECT Id FROM Account WHERE Id IN ('{Account1}')"));
        var undeleted = await ChangeAsync(simulator, "apex", Change("Account", Account1, "undelete"));
        var revived = await session.JsonAsync(session.GetAsync(path));

        var deletion = JsonNode.Parse((string)deleted["messages"]![0]!["message"]!["body"]!)!["records"]![0]!.AsObject();
        var undeletion = JsonNode.Parse((string)undeleted["messages"]![0]!["message"]!["body"]!)!;
        Assert.Equal(["attributes", "Id", "SystemModstamp"], deletion.Select(property => property.Key));
        Assert.Equal("2026-01-01T00:00:01.000+0000", (string?)deletion["SystemModstamp"]);
        await SalesforceSession.AssertErrorAsync(whileDeleted, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, (int)query["totalSize"]!);
        Assert.Equal("undelete", (string?)undeletion["operation"]);
        Assert.Equal("2026-01-01T00:00:02.000+0000", (string?)undeletion["records"]![0]!["SystemModstamp"]);
        Assert.Equal("2026-01-01T00:00:02.000+0000", (string?)revived["SystemModstamp"]);
    }

    [Fact]
    public async Task OutboundMessagesCarryTheOrganizationAndTheStateAtSendTimeButNoDeletes()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var account2 = SalesforceIds.IdOf(SimEntity.Account, 2);

        var answer = await ChangeAsync(simulator, "outbound",
            Change("Account", Account1, "update", """{"Name":"First"}"""),
            Change("Account", account2, "delete"),
            Change("Account", Account1, "update", """{"Name":"Second"}"""));
        var message = answer["messages"]!.AsArray().Single()!["message"]!;
        var notifications = XDocument.Parse((string)message["body"]!).Descendants(Outbound + "notifications").Single();
        var sObjects = notifications.Elements(Outbound + "Notification").Select(notification => notification.Element(Outbound + "sObject")!).ToList();

        Assert.StartsWith("text/xml", (string?)message["contentType"]);
        Assert.Equal("00D5g000004XyZaEAK", (string?)notifications.Element(Outbound + "OrganizationId"));
        Assert.Equal(2, sObjects.Count);
        Assert.All(sObjects, sObject => Assert.Equal(Account1, (string?)sObject.Element(SObject + "Id")));
        Assert.All(sObjects, sObject => Assert.Equal("Second", (string?)sObject.Element(SObject + "Name")));
        Assert.All(sObjects, sObject => Assert.Equal("2026-01-01T00:00:02.000Z", (string?)sObject.Element(SObject + "SystemModstamp")));
    }

    [Theory]
    [InlineData("apex", new[] { 200, 50 })]
    [InlineData("outbound", new[] { 100, 100, 50 })]
    public async Task ManyChangesAreBatchedAsTheOrgBatchesThem(string family, int[] sizes)
    {
        await using var simulator = await TestSimulator.StartAsync();
        var changes = Enumerable.Range(1, 250).Select(index => Change("Contact", SalesforceIds.IdOf(SimEntity.Contact, index), "update", """{"LastName":"Batch"}""")).ToArray();

        var answer = await ChangeAsync(simulator, family, changes);

        Assert.Equal(sizes, answer["messages"]!.AsArray().Select(sent => (int)sent!["message"]!["records"]!));
        Assert.Equal(250, answer["applied"]!.AsArray().Count);
    }

    [Fact]
    public async Task DeliveredNotificationsReachTheTargetWithTheirAnswer()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await using var gateway = await ReceivingGateway.StartAsync();

        var answer = await ChangeAsync(simulator, "apex", deliver: true, target: gateway.Url, Change("Account", Account1, "update"));
        var sent = answer["messages"]!.AsArray().Single()!;

        Assert.Equal(200, (int)sent["status"]!);
        Assert.Equal("received", (string?)sent["response"]);
        var received = Assert.Single(gateway.Received);
        Assert.Equal((string?)sent["message"]!["body"], received.Body);
        Assert.Equal((string?)sent["message"]!["headers"]!["webhook-id"], received.WebhookId);
    }

    [Fact]
    public async Task QueriesAfterASystemModstampFindOnlyTheChangedRecords()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();
        var contact9 = SalesforceIds.IdOf(SimEntity.Contact, 9);
        await ChangeAsync(simulator, "apex", Change("Contact", contact9, "update", """{"LastName":"Changed"}"""));

        var page = await session.JsonAsync(session.QueryAsync("SELECT Id, LastName FROM Contact WHERE SystemModstamp > 2026-01-01T00:00:00Z"));

        Assert.Equal(contact9, (string?)page["records"]!.AsArray().Single()!["Id"]);
        Assert.Equal("Changed", (string?)page["records"]![0]!["LastName"]);
    }

    [Fact]
    public async Task ResetBringsDeletedRecordsBack()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();
        await ChangeAsync(simulator, "apex", Change("Account", Account1, "delete"));

        await simulator.ControlAsync("reset");
        var account = await session.JsonAsync(session.GetAsync($"services/data/v62.0/sobjects/Account/{Account1}"));

        Assert.Equal("2026-01-01T00:00:00.000+0000", (string?)account["SystemModstamp"]);
    }

    [Theory]
    [InlineData("""{"changes":[]}""")]
    [InlineData("""{"family":"cdc","changes":[{"type":"Account","id":"001Dn0000000001AAA","operation":"update"}]}""")]
    [InlineData("""{"deliver":false,"secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw","changes":[{"type":"Lead","id":"001Dn0000000001AAA","operation":"update"}]}""")]
    [InlineData("""{"deliver":false,"secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw","changes":[{"type":"Account","id":"001Dn0000000001AAA","operation":"insert"}]}""")]
    [InlineData("""{"deliver":false,"secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw","changes":[{"type":"Account","id":"001Dn0000000001AAA","operation":"update","fields":{"BillingCity":"x"}}]}""")]
    [InlineData("""{"deliver":false,"changes":[{"type":"Account","id":"001Dn0000000001AAA","operation":"update"}]}""")]
    [InlineData("""{"secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw","changes":[{"type":"Account","id":"001Dn0000000001AAA","operation":"update"}]}""")]
    public async Task AChangeRequestThatCannotBeHonouredIsABadRequestThatChangesNothing(string json)
    {
        await using var simulator = await TestSimulator.StartAsync();

        using var response = await simulator.PostAsync("simulator/salesforce/changes", json);

        await TestSimulator.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty((await simulator.GetJsonAsync("simulator/changes")).AsArray());
    }

    [Fact]
    public async Task GetDeletedListsTheRecordsDeletedBetweenStartAndEndAtTheirDeletionsSystemModstamp()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "20"), ("Contacts", "20"));
        var session = await new SalesforceSession(simulator).SignInAsync();
        var early = SalesforceIds.IdOf(SimEntity.Account, 4);
        var late = SalesforceIds.IdOf(SimEntity.Account, 6);
        await ChangeAsync(simulator, "apex", Change("Account", early, "delete"));
        await ChangeAsync(simulator, "apex", Change("Account", late, "update", """{"Name":"Once"}"""), Change("Account", late, "delete"));

        var deleted = await session.JsonAsync(session.GetAsync($"services/data/{SalesforceSession.Version}/sobjects/Account/deleted/?start=2026-01-01T00%3A00%3A02%2B00%3A00&end=2026-01-02T00%3A00%3A00%2B00%3A00"));
        var contacts = await session.JsonAsync(session.GetAsync($"services/data/{SalesforceSession.Version}/sobjects/Contact/deleted/?start=2026-01-01T00%3A00%3A00Z&end=2026-01-02T00%3A00%3A00Z"));
        using var backwards = await session.GetAsync($"services/data/{SalesforceSession.Version}/sobjects/Account/deleted/?start=2026-01-02T00%3A00%3A00Z&end=2026-01-01T00%3A00%3A00Z");

        var record = Assert.Single(deleted["deletedRecords"]!.AsArray())!;
        Assert.Equal((late, "2026-01-01T00:00:02.000+0000"), ((string?)record["id"], (string?)record["deletedDate"]));
        Assert.Equal("2026-01-02T00:00:00.000+0000", (string?)deleted["latestDateCovered"]);
        Assert.Empty(contacts["deletedRecords"]!.AsArray());
        await SalesforceSession.AssertErrorAsync(backwards, HttpStatusCode.BadRequest, "INVALID_REPLICATION_DATE");
    }

    private static string Change(string type, string id, string operation, string fields = "{}") =>
        $$"""{"type":"{{type}}","id":"{{id}}","operation":"{{operation}}","fields":{{fields}}}""";

    private static Task<JsonObject> ChangeAsync(TestSimulator simulator, string family, params string[] changes) =>
        ChangeAsync(simulator, family, deliver: false, target: null, changes);

    private static async Task<JsonObject> ChangeAsync(TestSimulator simulator, string family, bool deliver, string? target, params string[] changes)
    {
        var targetJson = target is null ? "" : $$""","target":"{{target}}" """;
        using var response = await simulator.PostAsync("simulator/salesforce/changes",
            $$"""{"family":"{{family}}","deliver":{{(deliver ? "true" : "false")}},"secret":"{{Secret}}"{{targetJson}},"changes":[{{string.Join(",", changes)}}]}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string ExpectedSignature(JsonNode message)
    {
        var headers = message["headers"]!;
        var signed = $"{headers["webhook-id"]}.{headers["webhook-timestamp"]}.{message["body"]}";
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Secret[6..]), Encoding.UTF8.GetBytes(signed)));
    }
}
