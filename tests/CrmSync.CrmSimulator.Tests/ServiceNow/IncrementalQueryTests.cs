using System.Globalization;

namespace CrmSync.CrmSimulator.Tests.ServiceNow;

/// <summary>The incremental pull's queries: the Table API's sys_updated_on&gt;= with ORDERBYsys_updated_on, and the paging styles' updated_since.</summary>
public sealed class IncrementalQueryTests : IAsyncLifetime
{
    private TestSimulator simulator = null!;

    public async Task InitializeAsync() => simulator = await TestSimulator.StartAsync(("Accounts", "30"), ("Contacts", "30"));

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    [Fact]
    public async Task SysUpdatedOnSelectsTheChangedRecordsAndOrderBySysUpdatedOnPutsTheOldestChangeFirst()
    {
        var since = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        await ChangeAsync(ServiceNowIds.Account(9));
        // sys_updated_on has whole seconds: the second change must fall in a later one to be ordered after.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await ChangeAsync(ServiceNowIds.Account(3));

        var bySysId = await SysIdsAsync($"sys_updated_on>={since}^ORDERBYsys_id");
        var byUpdatedOn = await SysIdsAsync($"sys_updated_on>={since}^ORDERBYsys_updated_on^ORDERBYsys_id");

        Assert.Equal([ServiceNowIds.Account(3), ServiceNowIds.Account(9)], bySysId);
        Assert.Equal([ServiceNowIds.Account(9), ServiceNowIds.Account(3)], byUpdatedOn);
    }

    [Fact]
    public async Task SysAuditDeleteListsTheDeletedRecordsOfOneTableSinceATime()
    {
        var since = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        await ChangeAsync(ServiceNowIds.Account(6), "delete");
        await ChangeAsync(ServiceNowIds.Account(8), "update");

        var deleted = (await simulator.GetJsonAsync($"api/now/table/sys_audit_delete?sysparm_query={Uri.EscapeDataString($"tablename=customer_account^sys_created_on>={since}^ORDERBYsys_created_on")}"))["result"]!.AsArray();
        var ofContacts = (await simulator.GetJsonAsync($"api/now/table/sys_audit_delete?sysparm_query={Uri.EscapeDataString($"tablename=customer_contact^sys_created_on>={since}")}"))["result"]!.AsArray();
        using var withoutTable = await simulator.GetAsync("api/now/table/sys_audit_delete");

        var row = Assert.Single(deleted)!;
        Assert.Equal((ServiceNowIds.Account(6), "customer_account"), ((string?)row["documentkey"], (string?)row["tablename"]));
        Assert.True(string.CompareOrdinal((string?)row["sys_created_on"], since) >= 0, $"{row}");
        Assert.Empty(ofContacts);
        Assert.Equal(HttpStatusCode.BadRequest, withoutTable.StatusCode);
    }

    [Theory]
    [InlineData("offset", "items")]
    [InlineData("link", "result")]
    public async Task UpdatedSinceSelectsTheRecordsChangedSinceAndTheLinkStylesNextPageKeepsIt(string style, string records)
    {
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        foreach (var id in (string[])["A0000004", "A0000017", "A0000025"])
        {
            using var changed = await simulator.PostAsync($"simulator/records/account/{id}", """{"fields":{"name":"Changed"}}""");
            Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        }

        var size = style == "offset" ? "limit=2" : "sysparm_limit=2";
        using var first = await simulator.GetAsync($"api/{style}/accounts?updated_since={since}&{size}");
        var body = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;

        Assert.Equal(["A0000004", "A0000017"], body[records]!.AsArray().Select(record => (string?)record!["id"]));
        if (style == "link")
        {
            Assert.Contains($"updated_since={since}", first.Headers.GetValues("Link").Single());
        }
        else
        {
            Assert.Equal(3, (int)body["total"]!);
        }
    }

    private async Task ChangeAsync(string sysId, string operation = "update")
    {
        object change = operation == "delete"
            ? new { table = "customer_account", sysId, operation }
            : new { table = "customer_account", sysId, operation, fields = new { name = "Changed" } };
        var body = System.Text.Json.JsonSerializer.Serialize(new { family = "CrmSync", secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", deliver = false, changes = new[] { change } });
        using var response = await simulator.PostAsync("simulator/servicenow/changes", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<string?>> SysIdsAsync(string query) =>
        [.. (await simulator.GetJsonAsync($"api/now/table/customer_account?sysparm_fields=sys_id&sysparm_query={Uri.EscapeDataString(query)}"))["result"]!.AsArray().Select(record => (string?)record!["sys_id"])];
}
