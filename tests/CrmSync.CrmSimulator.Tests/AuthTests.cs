namespace CrmSync.CrmSimulator.Tests;

public sealed class AuthTests
{
    private const string Page = "api/offset/accounts?limit=1";

    private static string BasicOf(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Fact]
    public async Task BasicAuthFromConfigurationAcceptsTheRightPairAndRefusesOthersWithAChallenge()
    {
        await using var simulator = await TestSimulator.StartAsync(("Auth:Type", "Basic"), ("Auth:Username", "sync"), ("Auth:Password", "s3cret"));

        using var right = await simulator.GetAsync(Page, ("Authorization", BasicOf("sync:s3cret")));
        using var wrong = await simulator.GetAsync(Page, ("Authorization", BasicOf("sync:guess")));
        using var missing = await simulator.GetAsync(Page);
        using var otherScheme = await simulator.GetAsync(Page, ("Authorization", "Bearer s3cret"));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        foreach (var refused in new[] { wrong, missing, otherScheme })
        {
            await TestSimulator.AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
            Assert.StartsWith("Basic realm=", refused.Headers.WwwAuthenticate.Single().ToString());
        }
    }

    [Fact]
    public async Task BearerAuthSetAtRunTimeAcceptsTheTokenAndRefusesOthersWithAChallenge()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await simulator.ControlAsync("auth", """{"type":"Bearer","token":"t0ken"}""");

        using var right = await simulator.GetAsync(Page, ("Authorization", "Bearer t0ken"));
        using var wrong = await simulator.GetAsync(Page, ("Authorization", "Bearer t0ken2"));
        using var missing = await simulator.GetAsync(Page);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        await TestSimulator.AssertProblemAsync(wrong, HttpStatusCode.Unauthorized);
        await TestSimulator.AssertProblemAsync(missing, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", wrong.Headers.WwwAuthenticate.Single().ToString());
        Assert.StartsWith("Bearer realm=", missing.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task ApiKeyAuthAcceptsTheKeyInItsHeaderOnly()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await simulator.ControlAsync("auth", """{"type":"ApiKey","header":"X-Api-Key","value":"k3y"}""");

        using var right = await simulator.GetAsync(Page, ("X-Api-Key", "k3y"));
        using var wrong = await simulator.GetAsync(Page, ("X-Api-Key", "k3y!"));
        using var elsewhere = await simulator.GetAsync(Page, ("Authorization", "k3y"));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        await TestSimulator.AssertProblemAsync(wrong, HttpStatusCode.Unauthorized);
        await TestSimulator.AssertProblemAsync(elsewhere, HttpStatusCode.Unauthorized);
        Assert.Empty(wrong.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task WithoutAuthEveryRequestIsServed()
    {
        await using var simulator = await TestSimulator.StartAsync();

        using var response = await simulator.GetAsync(Page, ("Authorization", "Bearer anything"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AuthGuardsTheApiButNotTheControlEndpoints()
    {
        await using var simulator = await TestSimulator.StartAsync(("Auth:Type", "Bearer"), ("Auth:Token", "t"));

        using var unknownStyle = await simulator.GetAsync("api/scroll/accounts");
        using var record = await simulator.GetAsync("simulator/records/accounts/A0000001");
        var stats = await simulator.StatsAsync();

        await TestSimulator.AssertProblemAsync(unknownStyle, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Equal(1, (long)stats["unauthorized"]!);
        Assert.Equal(1, (long)stats["requests"]!);
    }

    [Theory]
    [InlineData("""{"type":"Basic","username":"u"}""")]
    [InlineData("""{"type":"ApiKey","value":"k"}""")]
    [InlineData("""{"type":"Kerberos"}""")]
    [InlineData("""not json""")]
    public async Task IncompleteAuthSettingsAreRefusedAndTheOldOnesStay(string body)
    {
        await using var simulator = await TestSimulator.StartAsync(("Auth:Type", "Bearer"), ("Auth:Token", "t"));

        using var response = await simulator.PostAsync("simulator/auth", body);
        using var page = await simulator.GetAsync(Page, ("Authorization", "Bearer t"));

        await TestSimulator.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task ResetBringsBackTheConfiguredAuth()
    {
        await using var simulator = await TestSimulator.StartAsync(("Auth:Type", "Bearer"), ("Auth:Token", "t"));
        await simulator.ControlAsync("auth", """{"type":"None"}""");
        using var open = await simulator.GetAsync(Page);

        await simulator.ControlAsync("reset");
        using var closed = await simulator.GetAsync(Page);

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, closed.StatusCode);
    }
}
