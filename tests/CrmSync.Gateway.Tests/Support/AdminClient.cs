using CrmSync.Testing;

namespace CrmSync.Gateway.Tests.Support;

/// <summary>Calls the admin API of the system's gateways, and waits on what it answers.</summary>
public sealed class AdminClient(AdminApiSystem system)
{
    public async Task<HttpResponseMessage> GetAsync(Uri gateway, string path, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, path));
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return await system.Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(Uri gateway, string path) => system.Http.PostAsync(new Uri(gateway, path), content: null);

    /// <summary>Every item of <c>GET /admin/records?status=parked</c>, page after page.</summary>
    public async Task<List<JsonNode>> ListedAsync()
    {
        var items = new List<JsonNode>();
        string? continuation = null;
        do
        {
            using var response = await GetAsync(system.Gateway, $"/admin/records?status=parked&limit=1000{(continuation is null ? "" : $"&continuation={continuation}")}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Json.ReadAsync(response);
            items.AddRange(page["items"]!.AsArray().Select(item => item!));
            continuation = page["continuation"]?.GetValue<string>();
        }
        while (continuation is not null);

        return items;
    }

    public async Task<List<string>> ListedKeysAsync() => [.. (await ListedAsync()).Select(Key)];

    public async Task<JsonNode> WaitUntilListedAsync(string key) =>
        (await Eventually.MatchesAsync(
            async () => (await ListedAsync()).FirstOrDefault(item => Key(item) == key),
            item => item is not null,
            $"{key} to be listed as parked",
            describe: _ => $"not listed{Environment.NewLine}{system.RecentOutput()}"))!;

    public Task WaitUntilUnlistedAsync(string key) =>
        Eventually.MatchesAsync(ListedKeysAsync, keys => !keys.Contains(key), $"{key} to be no longer listed as parked", describe: _ => "still listed");

    /// <summary>Waits until <c>GET {path}</c> shows the record in <paramref name="status"/>.</summary>
    public Task WaitUntilStatusAsync(string path, string status) =>
        Eventually.MatchesAsync(
            async () =>
            {
                using var response = await GetAsync(system.Gateway, path);
                return await Json.ReadAsync(response);
            },
            record => record["status"]?.GetValue<string>() == status,
            $"{path} to be {status}");

    private static string Key(JsonNode item) => item["key"]!.GetValue<string>();
}
