namespace CrmSync.CrmSimulator.Tests.ServiceNow;

public sealed class ServiceNowAuthTests
{
    private const string Table = "api/now/table/customer_account?sysparm_limit=1";

    [Fact]
    public async Task BasicCredentialsAreRequiredWhenConfigured()
    {
        await using var simulator = await TestSimulator.StartAsync(("Auth:Type", "Basic"), ("Auth:Username", "admin"), ("Auth:Password", "pw"));

        using var refused = await simulator.GetAsync(Table);
        using var served = await simulator.GetAsync(Table, ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:pw"))));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task TheClientCredentialsGrantHandsOutTheBearerTokenTheApiAccepts()
    {
        await using var simulator = await TestSimulator.StartAsync(
            ("Auth:Type", "Bearer"), ("Auth:Token", "t0ken"), ("ServiceNow:ClientId", "client"), ("ServiceNow:ClientSecret", "s3cret"));

        using var tokenResponse = await simulator.Client.PostAsync("oauth_token.do", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "client", ["client_secret"] = "s3cret",
        }));
        var token = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())!;
        using var served = await simulator.GetAsync(Table, ("Authorization", $"Bearer {token["access_token"]}"));

        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        Assert.Equal("Bearer", (string?)token["token_type"]);
        Assert.Equal(1799, (int)token["expires_in"]!);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, (long)(await simulator.StatsAsync())["tokens"]!);
    }

    [Theory]
    [InlineData("client_credentials", "wrong", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("password", "s3cret", HttpStatusCode.BadRequest, "unsupported_grant_type")]
    public async Task AWrongTokenRequestGetsAnOAuthError(string grant, string secret, HttpStatusCode status, string error)
    {
        await using var simulator = await TestSimulator.StartAsync(
            ("Auth:Type", "Bearer"), ("Auth:Token", "t0ken"), ("ServiceNow:ClientId", "client"), ("ServiceNow:ClientSecret", "s3cret"));

        using var response = await simulator.Client.PostAsync("oauth_token.do", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant, ["client_id"] = "client", ["client_secret"] = secret,
        }));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(error, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(0, (long)(await simulator.StatsAsync())["tokens"]!);
    }

    [Fact]
    public async Task AQueuedThrottleAnswersTheTableApiWithRetryAfter()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await simulator.ControlAsync("faults", """{"status":429,"count":1,"retryAfterSeconds":3}""");

        using var throttled = await simulator.GetAsync($"api/now/table/customer_account/{ServiceNowIds.Account(1)}");
        using var served = await simulator.GetAsync($"api/now/table/customer_account/{ServiceNowIds.Account(1)}");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
