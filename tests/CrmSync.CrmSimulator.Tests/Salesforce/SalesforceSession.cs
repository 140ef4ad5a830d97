using System.Net.Http.Headers;

namespace CrmSync.CrmSimulator.Tests.Salesforce;

/// <summary>A client of the simulator's Salesforce API with a token from its client credentials flow.</summary>
public sealed class SalesforceSession(TestSimulator simulator)
{
    public const string Version = "v62.0";

    public string? Token { get; private set; }

    public TestSimulator Simulator => simulator;

    public Task<HttpResponseMessage> RequestTokenAsync(string clientId = "crmsync-client", string clientSecret = "crmsync-secret", string grantType = "client_credentials") =>
        simulator.Client.PostAsync("services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType, ["client_id"] = clientId, ["client_secret"] = clientSecret,
        }));

    public async Task<SalesforceSession> SignInAsync()
    {
        using var response = await RequestTokenAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Token = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"];
        return this;
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery.TrimStart('/'));
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return simulator.Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> QueryAsync(string soql, params (string Name, string Value)[] headers) =>
        GetAsync($"services/data/{Version}/query?q={Uri.EscapeDataString(soql)}", headers);

    public async Task<JsonObject> JsonAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Every record of a query, following nextRecordsUrl; and how many pages it took.</summary>
    public async Task<(List<JsonObject> Records, int Pages)> QueryAllAsync(string soql, params (string Name, string Value)[] headers)
    {
        var records = new List<JsonObject>();
        var page = await JsonAsync(QueryAsync(soql, headers));
        var pages = 1;
        while (true)
        {
            records.AddRange(page["records"]!.AsArray().Select(record => record!.AsObject()));
            if ((bool)page["done"]!)
            {
                Assert.Null(page["nextRecordsUrl"]);
                return (records, pages);
            }

            page = await JsonAsync(GetAsync((string)page["nextRecordsUrl"]!, headers));
            pages++;
        }
    }

    public static async Task<JsonArray> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        Assert.Equal(status, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(errorCode, (string?)errors[0]!["errorCode"]);
        Assert.False(string.IsNullOrEmpty((string?)errors[0]!["message"]));
        return errors;
    }
}
