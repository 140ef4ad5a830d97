namespace CrmSync.DataverseEmulator.Tests;

public sealed class BatchTests
{
    [Fact]
    public async Task PlainPartsAnswer204WithTheirEntityIdsInRequestOrder()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();
        var batch = new BatchBuilder()
            .Add("POST", "/api/data/v9.2/accounts", """{"name":"By path"}""")
            .Add("PATCH", $"{emulator.Client.BaseAddress}accounts({id})", """{"name":"By absolute URL"}""")
            .Add("PATCH", Rows.AccountByKey("relative"), """{"name":"By relative URL"}""");

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("batchresponse_", response.Content.Headers.ContentType!.Parameters.Single().Value);
        var parts = await BatchPart.ReadAsync(response);
        Assert.Equal([204, 204, 204], parts.Select(part => part.Status));
        Assert.StartsWith($"{emulator.Client.BaseAddress}accounts(", parts[0].Headers["OData-EntityId"]);
        Assert.Equal($"{emulator.Client.BaseAddress}accounts({id})", parts[1].Headers["OData-EntityId"]);
        Assert.Equal($"{emulator.Client.BaseAddress}{Rows.AccountByKey("relative")}", parts[2].Headers["OData-EntityId"]);
        Assert.Equal(3, (await emulator.GetRowsAsync("accounts")).Count);
    }

    [Fact]
    public async Task TheResponseUsesCrlfLinesAndDataversesPartHeaders()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await PostBatchAsync(emulator, new BatchBuilder().Add("POST", "/api/data/v9.2/accounts", """{"name":"A"}"""));

        var text = await response.Content.ReadAsStringAsync();
        var boundary = response.Content.Headers.ContentType!.Parameters.Single().Value;
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.StartsWith($"--{boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n", text);
        Assert.EndsWith($"\r\n\r\n\r\n--{boundary}--\r\n", text);
    }

    [Fact]
    public async Task AChangeSetResolvesContentIdReferencesInUrlsAndBinds()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder().ChangeSet(
            ("POST", "/api/data/v9.2/accounts", """{"name":"Parent"}""", "1"),
            ("POST", "/api/data/v9.2/contacts", """{"lastname":"Child","parentcustomerid_account@odata.bind":"$1"}""", "2"),
            ("PATCH", "$1", """{"name":"Renamed","primarycontactid@odata.bind":"$2"}""", "3"));

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changeSet = Assert.Single(await BatchPart.ReadAsync(response)).ChangeSet!;
        Assert.Equal(["1", "2", "3"], changeSet.Select(part => part.ContentId));
        Assert.All(changeSet, part => Assert.Equal(204, part.Status));
        var account = Assert.Single(await emulator.GetRowsAsync("accounts?$select=name,_primarycontactid_value"))!;
        var contact = Assert.Single(await emulator.GetRowsAsync("contacts?$select=_parentcustomerid_value"))!;
        Assert.Equal("Renamed", (string?)account["name"]);
        Assert.Equal((string?)contact["contactid"], (string?)account["_primarycontactid_value"]);
        Assert.Equal((string?)account["accountid"], (string?)contact["_parentcustomerid_value"]);
        Assert.Equal(changeSet[0].Headers["OData-EntityId"], changeSet[2].Headers["OData-EntityId"]);
    }

    [Fact]
    public async Task AFailureInAChangeSetRollsBackEveryRequestOfIt()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder()
            .ChangeSet(
                ("POST", "/api/data/v9.2/accounts", """{"name":"Rolled back"}""", "1"),
                ("PATCH", Rows.AccountByKey("also-rolled-back"), """{"name":"B"}""", "2"),
                ("POST", "/api/data/v9.2/contacts", $$"""{"lastname":"Orphan","parentcustomerid_account@odata.bind":"/accounts({{Guid.NewGuid()}})"}""", "3"))
            .Add("POST", "/api/data/v9.2/accounts", """{"name":"Never run"}""");

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var failed = Assert.Single(Assert.Single(await BatchPart.ReadAsync(response)).ChangeSet!);
        Assert.Equal((404, "3", "0x80040217"), (failed.Status, failed.ContentId, failed.ErrorCode));
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
        Assert.Empty(await emulator.GetRowsAsync("contacts"));
    }

    [Fact]
    public async Task ContinueOnErrorRunsEveryPartAndAnswers200WithEachStatus()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder()
            .Add("PATCH", Rows.AccountByKey("before"), """{"name":"Before"}""")
            .Add("PATCH", Rows.AccountByKey("bad"), $$"""{"name":"{{new string('x', 161)}}"}""")
            .ChangeSet(("PATCH", Rows.AccountByKey("in-change-set"), """{"name":"Kept"}""", "1"))
            .Add("PATCH", Rows.AccountByKey("after"), """{"name":"After"}""");

        using var response = await PostBatchAsync(emulator, batch, ("Prefer", "odata.continue-on-error"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parts = await BatchPart.ReadAsync(response);
        Assert.Equal([204, 400, 0, 204], parts.Select(part => part.Status));
        Assert.Equal("0x80044331", parts[1].ErrorCode);
        Assert.Equal("application/json; odata.metadata=minimal", parts[1].Headers["Content-Type"]);
        Assert.Equal(204, Assert.Single(parts[2].ChangeSet!).Status);
        var names = (await emulator.GetRowsAsync("accounts?$select=name&$orderby=name")).Select(row => (string)row!["name"]!);
        Assert.Equal(["After", "Before", "Kept"], names);
    }

    [Fact]
    public async Task WithoutContinueOnErrorTheBatchStopsAtTheFirstFailure()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder()
            .Add("PATCH", Rows.AccountByKey("before"), """{"name":"Before"}""")
            .Add("PATCH", Rows.AccountByKey("bad"), """{"bogus":1}""")
            .Add("PATCH", Rows.AccountByKey("after"), """{"name":"After"}""");

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var parts = await BatchPart.ReadAsync(response);
        Assert.Equal([204, 400], parts.Select(part => part.Status));
        Assert.Equal("0x0", parts[1].ErrorCode);
        Assert.Equal(["Before"], (await emulator.GetRowsAsync("accounts?$select=name")).Select(row => (string)row!["name"]!));
    }

    [Fact]
    public async Task AStaleIfMatchInABatchPartIs412AndLeavesItsRowUnchangedWhileItsNeighboursAreWritten()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (edited, staleETag) = await EditedAfterCrmSyncWroteAsync(emulator);
        var current = (string)(await emulator.GetJsonAsync($"accounts({edited})"))["@odata.etag"]!;
        var batch = new BatchBuilder()
            .Add("PATCH", $"accounts({edited})", """{"name":"Stale"}""", ("If-Match", staleETag))
            .Add("PATCH", Rows.AccountByKey("neighbour"), """{"name":"Neighbour"}""");

        using var response = await PostBatchAsync(emulator, batch, ("Prefer", "odata.continue-on-error"));

        var parts = await BatchPart.ReadAsync(response);
        Assert.Equal([412, 204], parts.Select(part => part.Status));
        Assert.Equal(("0x80060882", "The version of the existing record doesn't match the RowVersion property provided."), (parts[0].ErrorCode, parts[0].ErrorMessage));
        var row = await emulator.GetJsonAsync($"accounts({edited})");
        Assert.Equal(("Edited", current), ((string?)row["name"], (string?)row["@odata.etag"]));
        Assert.Equal("Neighbour", (string?)(await emulator.GetJsonAsync($"{Rows.AccountByKey("neighbour")}?$select=name"))["name"]);
    }

    [Fact]
    public async Task ACurrentIfMatchInABatchPartWritesAndAnswersTheNewVersionWhenAskedForIt()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (row, _) = await EditedAfterCrmSyncWroteAsync(emulator);
        var current = (string)(await emulator.GetJsonAsync($"accounts({row})"))["@odata.etag"]!;
        var batch = new BatchBuilder()
            .Add("PATCH", $"accounts({row})?$select=versionnumber", """{"name":"Current"}""", ("If-Match", current), ("Prefer", "return=representation"));

        using var response = await PostBatchAsync(emulator, batch, ("Prefer", "odata.continue-on-error"));

        var part = Assert.Single(await BatchPart.ReadAsync(response));
        var written = await emulator.GetJsonAsync($"accounts({row})");
        Assert.Equal(200, part.Status);
        Assert.Equal((string?)written["@odata.etag"], part.Headers["ETag"]);
        Assert.Equal((string?)written["@odata.etag"], (string?)part.Json["@odata.etag"]);
        Assert.NotEqual(current, part.Headers["ETag"]);
        Assert.Equal("Current", (string?)written["name"]);
    }

    [Fact]
    public async Task AStaleIfMatchInAChangeSetFailsTheWholeChangeSetWith412()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (edited, staleETag) = await EditedAfterCrmSyncWroteAsync(emulator);
        var batch = new BatchBuilder().ChangeSet(
            ("PATCH", Rows.AccountByKey("rolled-back"), """{"name":"Rolled back"}""", "1", []),
            ("PATCH", $"accounts({edited})", """{"name":"Stale"}""", "2", [("If-Match", staleETag)]));

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var failed = Assert.Single(Assert.Single(await BatchPart.ReadAsync(response)).ChangeSet!);
        Assert.Equal((412, "2", "0x80060882"), (failed.Status, failed.ContentId, failed.ErrorCode));
        Assert.Equal(["Edited"], (await emulator.GetRowsAsync("accounts?$select=name")).Select(row => (string)row!["name"]!));
    }

    [Fact]
    public async Task IfNoneMatchStarOnAnExistingRowInABatchPartIs412DuplicateRecordAndLeavesItUnchanged()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (existing, _) = await EditedAfterCrmSyncWroteAsync(emulator);
        var batch = new BatchBuilder()
            .Add("PATCH", $"accounts({existing})", """{"name":"Create only"}""", ("If-None-Match", "*"))
            .ChangeSet(("PATCH", $"accounts({existing})", """{"name":"Create only"}""", "1", [("If-None-Match", "*")]));

        using var response = await PostBatchAsync(emulator, batch, ("Prefer", "odata.continue-on-error"));

        var parts = await BatchPart.ReadAsync(response);
        Assert.Equal(412, parts[0].Status);
        Assert.Equal(("0x80040237", "A record with matching key values already exists."), (parts[0].ErrorCode, parts[0].ErrorMessage));
        Assert.Equal((412, "0x80040237"), (Assert.Single(parts[1].ChangeSet!).Status, parts[1].ChangeSet![0].ErrorCode));
        Assert.Equal("Edited", (string?)(await emulator.GetJsonAsync($"accounts({existing})"))["name"]);
    }

    /// <summary>A row written with return=representation (its etag kept, as CrmSync keeps it), then edited by someone else.</summary>
    private static async Task<(Guid Id, string KeptETag)> EditedAfterCrmSyncWroteAsync(TestEmulator emulator)
    {
        var id = Guid.NewGuid();
        using var written = await emulator.PatchAsync($"accounts({id})?$select=versionnumber", """{"name":"Written"}""", ("Prefer", "return=representation"));
        (await emulator.PatchAsync($"accounts({id})", """{"name":"Edited"}""")).Dispose();
        return (id, written.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task GetsInABatchSeeTheWritesBeforeThem()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder()
            .Add("POST", "/api/data/v9.2/accounts", """{"name":"Fresh"}""")
            .Add("GET", "/api/data/v9.2/accounts?$select=name")
            .Add("GET", "/api/data/v9.2/EntityDefinitions(LogicalName='account')?$select=EntitySetName")
            .Add("GET", "WhoAmI");

        using var response = await PostBatchAsync(emulator, batch);

        var parts = await BatchPart.ReadAsync(response);
        Assert.Equal([204, 200, 200, 200], parts.Select(part => part.Status));
        Assert.Equal("Fresh", (string?)parts[1].Json["value"]![0]!["name"]);
        Assert.Equal("accounts", (string?)parts[2].Json["EntitySetName"]);
        Assert.NotNull(parts[3].Json["UserId"]);
    }

    [Fact]
    public async Task AGetInAChangeSetFailsTheBatch()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder().ChangeSet(
            ("POST", "/api/data/v9.2/accounts", """{"name":"A"}""", "1"),
            ("GET", "/api/data/v9.2/accounts", null, "2"));

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Contains("invalid HTTP method 'GET'", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x0"));
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task AReferenceToAContentIdNotYetDeclaredFailsTheBatch()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder().ChangeSet(
            ("POST", "/api/data/v9.2/contacts", """{"lastname":"Lee","parentcustomerid_account@odata.bind":"$1"}""", "2"),
            ("POST", "/api/data/v9.2/accounts", """{"name":"QQQQ"}""", "1"));

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Equal("Content-ID Reference: '$1' does not exist in the batch context.",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x0"));
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task ABatchOfMoreThan1000RequestsIsRefusedWhole()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder();
        for (var index = 0; index < 1001; index++)
        {
            batch.Add("PATCH", Rows.AccountByKey($"a{index}"), """{"name":"A"}""");
        }

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Contains("at most 1000", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x0"));
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task ABatchOf1000RequestsCountsAsOneRequestAndEveryRecord()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var batch = new BatchBuilder();
        for (var index = 0; index < 1000; index++)
        {
            batch.Add("PATCH", Rows.AccountByKey($"a{index}"), $$"""{"name":"Account {{index}}"}""");
        }

        using var response = await PostBatchAsync(emulator, batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, (await BatchPart.ReadAsync(response)).Count(part => part.Status == 204));
        var stats = await emulator.GetStatsAsync();
        Assert.Equal(1, (long)stats["requests"]!);
        Assert.Equal(1000, (long)stats["recordsWritten"]!);
    }

    [Fact]
    public async Task ABodyThatIsNotMultipartIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("$batch", """{"requests":[]}""");

        await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x0");
    }

    [Fact]
    public async Task BareLfLineEndingsAreAccepted()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var body = "--b\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\nPOST accounts HTTP/1.1\nContent-Type: application/json\n\n{\"name\":\"LF\"}\n--b--\n";
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed;boundary=b");

        using var response = await emulator.Client.PostAsync("$batch", content);

        Assert.Equal(204, Assert.Single(await BatchPart.ReadAsync(response)).Status);
        Assert.Single(await emulator.GetRowsAsync("accounts"));
    }

    private static async Task<HttpResponseMessage> PostBatchAsync(TestEmulator emulator, BatchBuilder batch, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "$batch") { Content = batch.Build() };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await emulator.Client.SendAsync(request);
    }
}
