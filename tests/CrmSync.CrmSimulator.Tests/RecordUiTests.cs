namespace CrmSync.CrmSimulator.Tests;

public sealed class RecordUiTests
{
    [Fact]
    public async Task ARecordsUrlOpensAPageShowingItsCurrentFields()
    {
        await using var simulator = await TestSimulator.StartAsync(("Auth:Type", "Bearer"), ("Auth:Token", "t"));
        (await simulator.PostAsync("simulator/records/accounts/A0000003", """{"fields":{"name":"Smith & <Sons>"}}""")).Dispose();
        var url = (string)(await simulator.GetJsonAsync("simulator/records/accounts/A0000003"))["url"]!;

        using var response = await simulator.Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("A0000003", html);
        Assert.Contains("Smith &amp; &lt;Sons&gt;", html);
        Assert.Contains("<td>2</td>", html);
    }

    [Fact]
    public async Task APageForARecordThatIsNotThereIs404()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "3"));

        using var response = await simulator.Client.GetAsync("ui/accounts/A0000004");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
