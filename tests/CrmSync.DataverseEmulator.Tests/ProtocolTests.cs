namespace CrmSync.DataverseEmulator.Tests;

public sealed class ProtocolTests
{
    [Theory]
    [InlineData("WhoAmI")]
    [InlineData("WhoAmI()")]
    public async Task WhoAmIAnswersWithTheCallersIdentity(string url)
    {
        await using var emulator = await TestEmulator.StartAsync();

        var body = await emulator.GetJsonAsync(url);

        Assert.Equal($"{emulator.Client.BaseAddress}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse", (string?)body["@odata.context"]);
        foreach (var property in new[] { "UserId", "BusinessUnitId", "OrganizationId" })
        {
            Assert.True(Guid.TryParse((string?)body[property], out _), property);
        }
    }

    [Fact]
    public async Task EveryWebApiResponseCarriesODataVersionAndTheDopHint()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:DopHint"] = "5" });

        using var ok = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");
        using var error = await emulator.SendAsync(HttpMethod.Get, "nothing");
        using var write = await emulator.PostAsync("accounts", """{"name":"A"}""");

        foreach (var response in new[] { ok, error, write })
        {
            Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
            Assert.Equal("5", response.Headers.GetValues("x-ms-dop-hint").Single());
        }
    }

    [Fact]
    public async Task AnUnknownEntitySetIs404ResourceNotFoundForTheSegment()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.SendAsync(HttpMethod.Get, "Account");

        Assert.Equal("Resource not found for the segment 'Account'.",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.NotFound, "0x8006088a"));
    }

    [Fact]
    public async Task AnUnknownSegmentAfterARowIs404()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.SendAsync(HttpMethod.Get, $"accounts({Guid.NewGuid()})/bogus");

        Assert.Equal("Resource not found for the segment 'bogus'.",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.NotFound, "0x8006088a"));
    }

    [Fact]
    public async Task PostOnARowIs405()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync($"accounts({Guid.NewGuid()})", """{"name":"A"}""");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task TheDefaultAddressIsPort5090OnLoopback()
    {
        Assert.Equal("http://127.0.0.1:5090", EmulatorExtensions.DefaultUrl);
        await using var emulator = await TestEmulator.StartAsync();

        Assert.Equal("127.0.0.1", emulator.App.GetBaseAddress().Host);
        Assert.NotEqual(0, emulator.App.GetBaseAddress().Port);
        Assert.EndsWith("/api/data/v9.2/", emulator.App.GetWebApiAddress().ToString());
    }
}
