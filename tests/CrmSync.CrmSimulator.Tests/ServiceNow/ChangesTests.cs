using System.Security.Cryptography;

namespace CrmSync.CrmSimulator.Tests.ServiceNow;

public sealed class ChangesTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task MicrosoftsFamilySendsEachScriptsBodyWithItsMethodAndBasicAuthPerEntity()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await using var catcher = await WebhookCatcher.StartAsync();

        var answer = await ChangeAsync(simulator, $$$"""
            {"target":"{{{catcher.Url}}}","family":"Microsoft","username":"sn","password":"pw","changes":[
              {"table":"customer_account","sysId":"{{{ServiceNowIds.Account(2)}}}","operation":"update","fields":{"name":"Renamed"}},
              {"table":"customer_contact","sysId":"{{{ServiceNowIds.Contact(3)}}}","operation":"update","fields":{"last_name":"Changed"}},
              {"table":"customer_contact","sysId":"{{{ServiceNowIds.Contact(4)}}}","operation":"delete"}]}
            """);

        Assert.All(answer["notifications"]!.AsArray(), sent => Assert.Equal(200, (int)sent!["status"]!));
        var requests = catcher.Requests.OrderBy(request => request.Path + request.Method).ToList();
        Assert.Equal(["POST /webhooks/servicenow/account", "DELETE /webhooks/servicenow/contact", "PUT /webhooks/servicenow/contact"],
            requests.Select(request => $"{request.Method} {request.Path}"));
        Assert.All(requests, request => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sn:pw")), request.Headers["Authorization"]));
        var account = JsonNode.Parse(requests[0].Body)!.AsObject();
        Assert.Equal(["id", "Number", "Name", "City", "Phone", "zip", "sys_id", "sys_created_on"], account.Select(field => field.Key));
        Assert.Equal("Renamed", (string?)account["Name"]);
        Assert.Equal(ServiceNowIds.Contact(4), (string?)JsonNode.Parse(requests[1].Body)!["sys_id"]);
        Assert.Equal("Changed", (string?)JsonNode.Parse(requests[2].Body)!["last_name"]);
    }

    [Fact]
    public async Task CrmSyncsFamilySendsTheWholeRecordSignedAndADeleteWithItsTime()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await using var catcher = await WebhookCatcher.StartAsync();

        await ChangeAsync(simulator, $$$"""
            {"target":"{{{catcher.Url}}}","family":"CrmSync","secret":"{{{Secret}}}","changes":[
              {"table":"customer_account","sysId":"{{{ServiceNowIds.Account(5)}}}","operation":"delete"}]}
            """);

        var request = Assert.Single(catcher.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/webhooks/servicenow", request.Path);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("delete", (string?)body["operation"]);
        Assert.Equal("customer_account", (string?)body["table"]);
        Assert.Equal(ServiceNowIds.Account(5), (string?)body["record"]!["sys_id"]);
        Assert.Equal("0", (string?)body["record"]!["sys_mod_count"]);
        Assert.NotNull((string?)body["sys_deleted_on"]);
        var expected = HMACSHA256.HashData(Convert.FromBase64String(Secret[6..]),
            Encoding.UTF8.GetBytes($"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.{request.Body}"));
        Assert.Equal("v1," + Convert.ToBase64String(expected), request.Headers["webhook-signature"]);
    }

    [Fact]
    public async Task ADeletedRecordIs404AndLeavesTheListUntilAnInsertRevivesItAtALaterVersion()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "10"));
        var sysId = ServiceNowIds.Account(4);

        await ChangeAsync(simulator, Undelivered("customer_account", sysId, "delete"));
        using var gone = await simulator.GetAsync($"api/now/table/customer_account/{sysId}");
        using var list = await simulator.GetAsync("api/now/table/customer_account?sysparm_fields=sys_id");
        var sent = await ChangeAsync(simulator, Undelivered("customer_account", sysId, "insert"));
        var revived = await simulator.GetJsonAsync($"api/now/table/customer_account/{sysId}");

        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("9", list.Headers.GetValues("X-Total-Count").Single());
        Assert.DoesNotContain(sysId, await list.Content.ReadAsStringAsync());
        Assert.Equal("2", (string?)revived["result"]!["sys_mod_count"]);
        Assert.Equal("2", (string?)JsonNode.Parse((string)sent["notifications"]![0]!["body"]!)!["record"]!["sys_mod_count"]);
    }

    [Fact]
    public async Task OffsetPagingSkipsDeletedRecordsWithoutGapsOrRepeats()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "12"));
        foreach (var index in (int[])[1, 5, 6, 12])
        {
            await ChangeAsync(simulator, Undelivered("customer_account", ServiceNowIds.Account(index), "delete"));
        }

        var pages = new List<string>();
        for (var offset = 0; offset < 12; offset += 3)
        {
            var page = await simulator.GetJsonAsync($"api/now/table/customer_account?sysparm_limit=3&sysparm_offset={offset}&sysparm_fields=sys_id");
            pages.AddRange(page["result"]!.AsArray().Select(record => (string)record!["sys_id"]!));
        }

        Assert.Equal(new[] { 2, 3, 4, 7, 8, 9, 10, 11 }.Select(ServiceNowIds.Account), pages);
    }

    [Fact]
    public async Task UpdatedSinceReturnsOnlyRecordsChangedFromThatTime()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "20"));
        var since = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd HH:mm:ss");

        await ChangeAsync(simulator, Undelivered("customer_account", ServiceNowIds.Account(9), "update", """{"phone":"+1 555 0199"}"""));
        var changed = (await simulator.GetJsonAsync($"api/now/table/customer_account?sysparm_query=sys_updated_on>={since}^ORDERBYsys_id"))["result"]!.AsArray();

        var record = Assert.Single(changed)!;
        Assert.Equal(ServiceNowIds.Account(9), (string?)record["sys_id"]);
        Assert.Equal("+1 555 0199", (string?)record["phone"]);
        Assert.Equal("1", (string?)record["sys_mod_count"]);
    }

    [Theory]
    [InlineData("""{"family":"Other","deliver":false,"changes":[{"table":"customer_account","sysId":"x","operation":"update"}]}""", "family")]
    [InlineData("""{"family":"CrmSync","deliver":false,"secret":"nope","changes":[{"table":"customer_account","sysId":"x","operation":"update"}]}""", "whsec_")]
    [InlineData("""{"family":"Microsoft","changes":[{"table":"customer_account","sysId":"x","operation":"update"}]}""", "target")]
    [InlineData("""{"family":"Microsoft","deliver":false,"changes":[{"table":"incident","sysId":"x","operation":"update"}]}""", "changes[0]")]
    [InlineData("""{"family":"Microsoft","deliver":false,"changes":[{"table":"customer_account","sysId":"x","operation":"update"}]}""", "sys_id 'x'")]
    [InlineData("""{"family":"Microsoft","deliver":false,"changes":[{"table":"customer_account","sysId":"00000001acc0000000004000800000a1","operation":"update","fields":{"city":"Rome"}}]}""", "'city'")]
    [InlineData("""{"family":"Microsoft","deliver":false,"changes":[{"table":"customer_account","sysId":"00000001acc0000000004000800000a1","operation":"insert"}]}""", "use update")]
    public async Task ABadChangeRequestIs400SayingWhat(string json, string expected)
    {
        await using var simulator = await TestSimulator.StartAsync();

        using var response = await simulator.PostAsync("simulator/servicenow/changes", json);

        var problem = await TestSimulator.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, (string?)problem["detail"]);
    }

    private static string Undelivered(string table, string sysId, string operation, string? fields = null)
    {
        var change = new JsonObject { ["table"] = table, ["sysId"] = sysId, ["operation"] = operation };
        if (fields is not null)
        {
            change["fields"] = JsonNode.Parse(fields);
        }

        return new JsonObject { ["family"] = "CrmSync", ["secret"] = Secret, ["deliver"] = false, ["changes"] = new JsonArray(change) }.ToJsonString();
    }

    private static async Task<JsonNode> ChangeAsync(TestSimulator simulator, string json)
    {
        using var response = await simulator.PostAsync("simulator/servicenow/changes", json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
