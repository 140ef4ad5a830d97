using System.Text.Json;
using System.Globalization;

namespace CrmSync.CrmSimulator.Tests.ServiceNow;

public sealed class TableApiTests(SmallDataSetFixture fixture) : IClassFixture<SmallDataSetFixture>
{
    private readonly TestSimulator simulator = fixture.Simulator;

    [Fact]
    public async Task APageHasTheTotalCountAndLinksTheNextPageKeepingTheQuery()
    {
        using var response = await simulator.GetAsync("api/now/table/customer_account?sysparm_limit=100&sysparm_query=ORDERBYsys_id&sysparm_exclude_reference_link=true");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, body["result"]!.AsArray().Count);
        Assert.Equal($"{SmallDataSetFixture.Accounts}", response.Headers.GetValues("X-Total-Count").Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("sysparm_offset=100>;rel=\"next\"", link);
        Assert.Contains("rel=\"first\"", link);
        Assert.Contains("sysparm_offset=200>;rel=\"last\"", link);
        Assert.Contains("sysparm_query=ORDERBYsys_id", link);
    }

    [Theory]
    [InlineData("customer_account", SmallDataSetFixture.Accounts)]
    [InlineData("customer_contact", SmallDataSetFixture.Contacts)]
    public async Task FollowingTheNextLinksReadsEveryRecordOnceInSysIdOrder(string table, int count)
    {
        var sysIds = new List<string>();
        string? url = $"api/now/table/{table}?sysparm_limit=70&sysparm_query=ORDERBYsys_id&sysparm_fields=sys_id";
        while (url is not null)
        {
            using var response = await simulator.GetAsync(url);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            sysIds.AddRange(body["result"]!.AsArray().Select(record => (string)record!["sys_id"]!));
            url = response.Headers.TryGetValues("Link", out var links) ? NextLink(links.Single()) : null;
        }

        Assert.Equal(count, sysIds.Count);
        Assert.Equal(sysIds.Order(StringComparer.Ordinal), sysIds);
        Assert.Equal(count, sysIds.Distinct().Count());
        Assert.All(sysIds, sysId => Assert.True(sysId.Length == 32 && Guid.TryParseExact(sysId, "N", out _)));
    }

    [Fact]
    public async Task RecordsCarryServiceNowFieldNamesAndStringValues()
    {
        var account = (await simulator.GetJsonAsync("api/now/table/customer_account?sysparm_limit=1"))["result"]![0]!.AsObject();
        var contact = (await simulator.GetJsonAsync($"api/now/table/customer_contact/{ServiceNowIds.Contact(1)}"))["result"]!.AsObject();

        Assert.Equal(["sys_id", "number", "name", "phone", "website", "street", "city", "zip", "country", "sys_created_on", "sys_updated_on", "sys_mod_count", "sys_class_name"],
            account.Select(field => field.Key));
        Assert.All(account, field => Assert.Equal(JsonValueKind.String, field.Value!.GetValueKind()));
        Assert.Equal("0", (string?)account["sys_mod_count"]);
        Assert.True(DateTime.TryParseExact((string?)account["sys_updated_on"], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        foreach (var field in (string[])["first_name", "last_name", "email", "phone", "mobile_phone", "title", "account", "sys_updated_on", "sys_mod_count"])
        {
            Assert.True(contact.ContainsKey(field), field);
        }
    }

    [Fact]
    public async Task AReferenceIsALinkUnlessExcludedAndFieldsSelectsTheFields()
    {
        var accountOfFirstLinked = await FirstContactWithAccountAsync();
        var linked = (await simulator.GetJsonAsync($"api/now/table/customer_contact/{accountOfFirstLinked.SysId}?sysparm_fields=account,sys_id"))["result"]!.AsObject();
        var plain = (await simulator.GetJsonAsync($"api/now/table/customer_contact/{accountOfFirstLinked.SysId}?sysparm_fields=account&sysparm_exclude_reference_link=true"))["result"]!.AsObject();

        Assert.Equal(["account", "sys_id"], linked.Select(field => field.Key).Order());
        Assert.Equal(accountOfFirstLinked.Account, (string?)linked["account"]!["value"]);
        Assert.EndsWith($"/api/now/table/customer_account/{accountOfFirstLinked.Account}", (string?)linked["account"]!["link"]);
        Assert.Equal(accountOfFirstLinked.Account, (string?)Assert.Single(plain).Value);
    }

    [Fact]
    public async Task SysIdInReadsTheNamedRecordsInSysIdOrderAndCountsAsAReadBack()
    {
        var before = (long)(await simulator.StatsAsync())["readBacks"]!;
        var ids = new[] { ServiceNowIds.Account(7), ServiceNowIds.Account(3), "ffffffff" + ServiceNowIds.Account(1)[8..], "not-an-id" };

        var result = (await simulator.GetJsonAsync($"api/now/table/customer_account?sysparm_query=sys_idIN{string.Join(',', ids)}^ORDERBYsys_id"))["result"]!.AsArray();

        Assert.Equal([ServiceNowIds.Account(3), ServiceNowIds.Account(7)], result.Select(record => (string)record!["sys_id"]!));
        Assert.Equal(before + 1, (long)(await simulator.StatsAsync())["readBacks"]!);
    }

    [Fact]
    public async Task AMissingRecordIs404WithServiceNowsErrorBody()
    {
        using var response = await simulator.GetAsync($"api/now/table/customer_account/{"ffffffff" + ServiceNowIds.Account(1)[8..]}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No Record found", (string?)body["error"]!["message"]);
        Assert.Equal("failure", (string?)body["status"]);
    }

    [Theory]
    [InlineData("api/now/table/incident", "Invalid table incident")]
    [InlineData("api/now/table/customer_account?sysparm_query=nameLIKEx", "nameLIKEx")]
    [InlineData("api/now/table/customer_account?sysparm_query=sys_updated_on>=yesterday", "yyyy-MM-dd HH:mm:ss")]
    [InlineData("api/now/table/customer_account?sysparm_limit=0", "sysparm_limit")]
    public async Task ARequestTheSimulatorCannotServeIs400SayingWhy(string url, string expected)
    {
        using var response = await simulator.GetAsync(url);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, $"{body["error"]!["message"]}");
    }

    private async Task<(string SysId, string Account)> FirstContactWithAccountAsync()
    {
        var contacts = (await simulator.GetJsonAsync("api/now/table/customer_contact?sysparm_limit=50&sysparm_exclude_reference_link=true"))["result"]!.AsArray();
        var contact = contacts.First(record => (string?)record!["account"] != "")!;
        return ((string)contact["sys_id"]!, (string)contact["account"]!);
    }

    private static string NextLink(string header) =>
        header.Split(',').Where(link => link.EndsWith("rel=\"next\"", StringComparison.Ordinal)).Select(link => link[1..link.IndexOf('>')]).SingleOrDefault()!;
}
