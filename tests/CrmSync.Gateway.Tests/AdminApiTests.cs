using System.Text.Json;
using CrmSync.Dataverse;
using CrmSync.Gateway.Tests.Support;
using CrmSync.Testing;

namespace CrmSync.Gateway.Tests;

/// <summary>The admin API over real HTTP, against the real gateway, silo and Dataverse emulator processes.</summary>
[Collection(AdminApiCollection.Name)]
public sealed class AdminApiTests(AdminApiSystem system)
{
    private static readonly string TooLongName = new('x', 500);

    private readonly AdminClient _admin = new(system);

    [Fact]
    public async Task LoopbackCallerIsAnsweredWhenNoKeyIsConfigured()
    {
        using var response = await _admin.GetAsync(system.Gateway, "/admin/records?status=parked");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await Json.ReadAsync(response))["items"]!.AsArray());
    }

    [Fact]
    public async Task MissingKeyIsUnauthorizedWhenAKeyIsConfigured()
    {
        using var response = await _admin.GetAsync(system.KeyedGateway, "/admin/records?status=parked");

        await Json.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task WrongKeyIsUnauthorizedWhenAKeyIsConfigured()
    {
        using var response = await _admin.GetAsync(system.KeyedGateway, "/admin/records?status=parked", apiKey: AdminApiSystem.AdminApiKey + "x");

        await Json.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task RightKeyIsAnsweredWhenAKeyIsConfigured()
    {
        using var response = await _admin.GetAsync(system.KeyedGateway, "/admin/records?status=parked", apiKey: AdminApiSystem.AdminApiKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RefusedRecordIsListedAndShownWithItsErrorDesiredStateAndHistory()
    {
        await system.SendWebhookAsync(JsonSerializer.Serialize(new { entity = "account", id = "Api-Long-1", op = "upsert", version = 7, fields = new { name = TooLongName } }));

        var item = await _admin.WaitUntilListedAsync("generic/account/Api-Long-1");
        Assert.Equal(["key", "source", "entity", "id", "error", "parkedAt"], item.AsObject().Select(p => p.Key));
        Assert.Equal("Api-Long-1", item["id"]!.GetValue<string>());
        Assert.StartsWith("400 0x80044331:", item["error"]!.GetValue<string>());

        using var response = await _admin.GetAsync(system.Gateway, "/admin/records/generic/account/Api-Long-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await Json.ReadAsync(response);
        Assert.Equal("parked", record["status"]!.GetValue<string>());
        Assert.Equal(item["error"]!.GetValue<string>(), record["lastError"]!.GetValue<string>());
        Assert.Equal(item["parkedAt"]!.GetValue<DateTimeOffset>(), record["parkedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("7", record["versions"]!["newest"]!.GetValue<string>());
        Assert.Equal(TooLongName, record["fields"]!["name"]!.GetValue<string>());
        Assert.Equal(1, record["desiredRevision"]!.GetValue<long>());
        Assert.Equal(0, record["writtenRevision"]!.GetValue<long>());
        Assert.Equal(RowIdentity.For(CrmSyncResources.OtherSourceCrmValue, "Api-Long-1"), record["rowId"]!.GetValue<Guid>());
        var change = Assert.Single(record["recentChanges"]!.AsArray())!;
        Assert.Equal(("7", "upsert", "accepted", false), (change["version"]!.GetValue<string>(), change["operation"]!.GetValue<string>(), change["outcome"]!.GetValue<string>(), change["written"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task RetryWritesAParkedRecordOnceItsCauseIsFixedAndUnlistsIt()
    {
        var squatter = await system.MakeRowByHandAsync("Api-Dup-1");
        await system.SendWebhookAsync("""{"entity":"account","id":"Api-Dup-1","op":"upsert","version":1,"fields":{"name":"From the CRM"}}""");
        var item = await _admin.WaitUntilListedAsync("generic/account/Api-Dup-1");
        Assert.StartsWith("412 0x80060892:", item["error"]!.GetValue<string>());
        await system.DeleteRowAsync(squatter);

        using var response = await _admin.PostAsync(system.Gateway, "/admin/records/generic/account/Api-Dup-1/retry");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/admin/records/generic/account/Api-Dup-1", response.Headers.Location?.ToString());
        Assert.Equal("generic/account/Api-Dup-1", (await Json.ReadAsync(response))["key"]!.GetValue<string>());
        await _admin.WaitUntilStatusAsync("/admin/records/generic/account/Api-Dup-1", "written");
        Assert.Equal("From the CRM", (await system.Dataverse.RowAsync(EmulatorClient.Accounts, "Api-Dup-1"))!["name"]!.GetValue<string>());
        await _admin.WaitUntilUnlistedAsync("generic/account/Api-Dup-1");
    }

    [Fact]
    public async Task RetryParkedRetriesEveryParkedRecordAndAnswersHowMany()
    {
        var squatters = new[] { await system.MakeRowByHandAsync("Api-Dup-2"), await system.MakeRowByHandAsync("Api-Dup-3") };
        await system.SendWebhookAsync("""
            [{"entity":"account","id":"Api-Dup-2","op":"upsert","version":1,"fields":{"name":"Two"}},
             {"entity":"account","id":"Api-Dup-3","op":"upsert","version":1,"fields":{"name":"Three"}}]
            """);
        await _admin.WaitUntilListedAsync("generic/account/Api-Dup-2");
        await _admin.WaitUntilListedAsync("generic/account/Api-Dup-3");
        foreach (var squatter in squatters)
        {
            await system.DeleteRowAsync(squatter);
        }

        var parked = (await _admin.ListedKeysAsync()).Count;
        using var response = await _admin.PostAsync(system.Gateway, "/admin/records/retry-parked");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(parked, (await Json.ReadAsync(response))["retrying"]!.GetValue<int>());
        await _admin.WaitUntilStatusAsync("/admin/records/generic/account/Api-Dup-2", "written");
        await _admin.WaitUntilStatusAsync("/admin/records/generic/account/Api-Dup-3", "written");
        Assert.Equal("Three", (await system.Dataverse.RowAsync(EmulatorClient.Accounts, "Api-Dup-3"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListingPagesWithLimitAndContinuation()
    {
        string[] ids = ["Api-Page-1", "Api-Page-2", "Api-Page-3"];
        await system.SendWebhookAsync(JsonSerializer.Serialize(ids.Select(id => new { entity = "account", id, version = 1, fields = new { name = TooLongName } })));
        foreach (var id in ids)
        {
            await _admin.WaitUntilListedAsync($"generic/account/{id}");
        }

        var keys = new List<string>();
        string? continuation = null;
        do
        {
            using var response = await _admin.GetAsync(system.Gateway, $"/admin/records?status=parked&limit=2{(continuation is null ? "" : $"&continuation={continuation}")}");
            var page = await Json.ReadAsync(response);
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 0, 2);
            keys.AddRange(items.Select(item => item!["key"]!.GetValue<string>()));
            continuation = page["continuation"]?.GetValue<string>();
        }
        while (continuation is not null);

        Assert.Equal(keys.Distinct(), keys);
        Assert.Subset(keys.ToHashSet(), new HashSet<string> { "generic/account/Api-Page-1", "generic/account/Api-Page-2", "generic/account/Api-Page-3" });
    }

    [Fact]
    public async Task RecordWhoseIdHoldsASlashIsShownWhenTheSlashIsEscaped()
    {
        await system.SendWebhookAsync("""{"entity":"contact","id":"team/42","version":1,"fields":{"lastname":"Slash"}}""");

        using var response = await _admin.GetAsync(system.Gateway, "/admin/records/generic/contact/team%2F42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("team/42", (await Json.ReadAsync(response))["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/admin/records", HttpStatusCode.BadRequest, "status=parked")]
    [InlineData("/admin/records?status=written", HttpStatusCode.BadRequest, "Unknown status 'written'")]
    [InlineData("/admin/records?status=parked&limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/admin/records?status=parked&continuation=bm9wZQ", HttpStatusCode.BadRequest, "continuation")]
    [InlineData("/admin/records/generic/lead/L-1", HttpStatusCode.BadRequest, "Entity 'lead' is unknown")]
    [InlineData("/admin/records/nosuchsource/account/A-1", HttpStatusCode.NotFound, "No source named 'nosuchsource'")]
    [InlineData("/admin/records/generic/account/Never-Seen", HttpStatusCode.NotFound, "has never received a change")]
    public async Task BadRequestsAreAnsweredWithAProblem(string path, HttpStatusCode status, string detail)
    {
        using var response = await _admin.GetAsync(system.Gateway, path);

        await Json.AssertProblemAsync(response, status, detail);
    }

    [Fact]
    public async Task RetryOfARecordNeverSeenIsNotFound()
    {
        using var response = await _admin.PostAsync(system.Gateway, "/admin/records/generic/account/Never-Seen-2/retry");

        await Json.AssertProblemAsync(response, HttpStatusCode.NotFound, "has never received a change");
    }
}
