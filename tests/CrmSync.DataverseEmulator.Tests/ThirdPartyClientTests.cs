using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// A Web API client written the way Microsoft's documentation writes one (raw HttpClient, the standard OData
/// headers, OData-EntityId, nextLink paging, a $batch with a change set), to show that such a client cannot tell
/// the emulator from Dataverse for what CrmSync uses.
/// </summary>
public sealed class ThirdPartyClientTests
{
    [Fact]
    public async Task ADocumentedWebApiClientCreatesUpsertsReadsQueriesBatchesAndDeletes()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var client = DocumentedClient(emulator.App.GetWebApiAddress());

        // Create: 204 and the new row's URL in OData-EntityId.
        using var create = await client.PostAsJsonAsync("accounts", new { name = "Contoso", revenue = 5000000.0, accountnumber = "ACC-001" });
        Assert.Equal(HttpStatusCode.NoContent, create.StatusCode);
        var accountUrl = create.Headers.GetValues("OData-EntityId").Single();
        var accountId = Guid.Parse(accountUrl[(accountUrl.LastIndexOf('(') + 1)..^1]);

        // Create with return=representation: 201 and the row.
        using var withRepresentation = new HttpRequestMessage(HttpMethod.Post, "accounts?$select=name")
        {
            Content = JsonContent.Create(new { name = "Fabrikam" }),
        };
        withRepresentation.Headers.Add("Prefer", "return=representation");
        using var created = await client.SendAsync(withRepresentation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Fabrikam", (string?)(await TestEmulator.ReadJsonAsync(created))["name"]);

        // Retrieve with $select: the etag and the primary key come along.
        var account = await client.GetFromJsonAsync<JsonObject>($"accounts({accountId})?$select=name,revenue");
        Assert.Equal(("Contoso", 5000000m), ((string?)account!["name"], (decimal?)account["revenue"]));
        Assert.StartsWith("W/\"", (string?)account["@odata.etag"]);
        Assert.Equal(accountId, Guid.Parse((string)account["accountid"]!));

        // Update only: If-Match: * makes a PATCH fail rather than create.
        using var update = await SendAsync(client, HttpMethod.Patch, $"accounts({accountId})", new { telephone1 = "555-0100" }, ("If-Match", "*"));
        using var updateMissing = await SendAsync(client, HttpMethod.Patch, $"accounts({Guid.NewGuid()})", new { name = "Ghost" }, ("If-Match", "*"));
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        await TestEmulator.AssertErrorAsync(updateMissing, HttpStatusCode.NotFound, "0x80040217");

        // Upsert by id and by alternate key: 204 either way; the key URL comes back in OData-EntityId.
        var upsertId = Guid.NewGuid();
        using var upsertById = await SendAsync(client, HttpMethod.Patch, $"accounts({upsertId})", new { name = "Upserted by id" });
        var keyUrl = "accounts(msdyn_source_crm=2,msdyn_source_crm_id='INC-1')";
        using var upsertByKey = await SendAsync(client, HttpMethod.Patch, keyUrl, new { name = "Upserted by key" });
        using var upsertAgain = await SendAsync(client, HttpMethod.Patch, keyUrl, new { name = "Upserted twice" });
        using var createOnly = await SendAsync(client, HttpMethod.Patch, keyUrl, new { name = "Refused" }, ("If-None-Match", "*"));
        Assert.Equal(HttpStatusCode.NoContent, upsertById.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, upsertByKey.StatusCode);
        Assert.Equal($"{client.BaseAddress}{keyUrl}", upsertAgain.Headers.GetValues("OData-EntityId").Single());
        Assert.Equal("A record with matching key values already exists.", await TestEmulator.AssertErrorAsync(createOnly, HttpStatusCode.PreconditionFailed, "0x80040237"));
        Assert.Equal("Upserted twice", (string?)(await client.GetFromJsonAsync<JsonObject>($"{keyUrl}?$select=name"))!["name"]);

        // Query with paging: follow @odata.nextLink as given, with the same Prefer header; $count counts them all.
        var names = new List<string>();
        int? count = null;
        string? next = "accounts?$select=name&$orderby=name&$count=true";
        while (next is not null)
        {
            using var page = new HttpRequestMessage(HttpMethod.Get, next);
            page.Headers.Add("Prefer", "odata.maxpagesize=2");
            using var response = await client.SendAsync(page);
            Assert.Equal("odata.maxpagesize=2", response.Headers.GetValues("Preference-Applied").Single());
            var body = await TestEmulator.ReadJsonAsync(response);
            count ??= (int?)body["@odata.count"];
            names.AddRange(((JsonArray)body["value"]!).Select(row => (string)row!["name"]!));
            next = (string?)body["@odata.nextLink"];
        }

        Assert.Equal(4, count);
        Assert.Equal(["Contoso", "Fabrikam", "Upserted by id", "Upserted twice"], names);
        using var skip = await client.GetAsync("accounts?$skip=2");
        Assert.Equal("The query parameter $skip is not supported", await TestEmulator.AssertErrorAsync(skip, HttpStatusCode.BadRequest, "0x0"));

        // A batch with a change set, written as the documentation writes it.
        var batchBody =
            "--batch_AAA123\r\n" +
            "Content-Type: multipart/mixed; boundary=changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab\r\n\r\n" +
            "--changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n" +
            $"POST {client.BaseAddress}accounts HTTP/1.1\r\nContent-Type: application/json\r\n\r\n" +
            "{ \"name\":\"Account name\"}\r\n\r\n" +
            "--changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2\r\n\r\n" +
            $"POST {client.BaseAddress}contacts HTTP/1.1\r\nContent-Type: application/json\r\n\r\n" +
            "{\r\n  \"firstname\":\"Contact first name\",\r\n  \"lastname\":\"Contact last name\"\r\n}\r\n\r\n" +
            "--changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 3\r\n\r\n" +
            "PATCH $1 HTTP/1.1\r\nContent-Type: application/json\r\n\r\n" +
            "{\r\n  \"primarycontactid@odata.bind\":\"$2\"\r\n}\r\n\r\n" +
            "--changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab--\r\n" +
            "--batch_AAA123\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "GET /api/data/v9.2/accounts?$select=name,_primarycontactid_value&$filter=name eq 'Account name' HTTP/1.1\r\n\r\n\r\n" +
            "--batch_AAA123--\r\n";
        using var batchContent = new StringContent(batchBody);
        batchContent.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed;boundary=batch_AAA123");
        using var batch = await client.PostAsync("$batch", batchContent);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var parts = await BatchPart.ReadAsync(batch);
        Assert.Equal([204, 204, 204], parts[0].ChangeSet!.Select(part => part.Status));
        Assert.Equal(parts[0].ChangeSet![0].Headers["OData-EntityId"], parts[0].ChangeSet![2].Headers["OData-EntityId"]);
        var batchAccount = (JsonObject)parts[1].Json["value"]![0]!;
        Assert.Equal(parts[0].ChangeSet![1].Headers["OData-EntityId"], $"{client.BaseAddress}contacts({batchAccount["_primarycontactid_value"]})");

        // Delete: 204, then the row is gone with Dataverse's not-found error.
        using var delete = await client.DeleteAsync($"accounts({accountId})");
        using var gone = await client.GetAsync($"accounts({accountId})");
        using var deleteByKey = await client.DeleteAsync("accounts(msdyn_source_crm=2,msdyn_source_crm_id='nobody')");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal($"account With Id = {accountId} Does Not Exist", await TestEmulator.AssertErrorAsync(gone, HttpStatusCode.NotFound, "0x80040217"));
        await TestEmulator.AssertErrorAsync(deleteByKey, HttpStatusCode.NotFound, "0x80060891");
    }

    [Fact]
    public async Task ADocumentedRetryOnThrottlingSucceedsAfterRetryAfter()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Limits:RequestsPerWindow"] = "2",
            // Long enough that four requests land in one window even on a loaded CI machine (1 s once let them all through).
            ["Emulator:Limits:WindowSeconds"] = "5",
        });
        using var client = DocumentedClient(emulator.App.GetWebApiAddress());
        var throttled = 0;

        for (var index = 0; index < 4; index++)
        {
            while (true)
            {
                using var response = await client.GetAsync("WhoAmI");
                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    break;
                }

                throttled++;
                await Task.Delay(response.Headers.RetryAfter!.Delta!.Value);
            }
        }

        Assert.True(throttled > 0);
    }

    // The headers Microsoft's Web API samples put on every request; the token is any bearer token (the emulator's user identity).
    private static HttpClient DocumentedClient(Uri webApi)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = webApi };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "third-party-client");
        client.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        client.DefaultRequestHeaders.Add("OData-Version", "4.0");
        client.DefaultRequestHeaders.TryAddWithoutValidation("If-None-Match", "null");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request);
    }
}
