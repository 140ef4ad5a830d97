using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>The emulator as a Dataverse source: a registered webhook receives a RemoteExecutionContext per write.</summary>
public sealed class WebhookTests
{
    [Fact]
    public async Task EachWritePostsARemoteExecutionContextWithTheKeyAndTheRowVersion()
    {
        var received = new ConcurrentQueue<(string Query, string Body, string Message)>();
        await using var receiver = await ReceiverAsync(received);
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Webhooks:Url"] = $"{receiver.Urls.First()}/hook",
            ["Emulator:Webhooks:Key"] = "s3cret",
        });

        var id = await Rows.CreateAccountAsync(emulator, "Made");
        (await emulator.PatchAsync($"accounts({id})", """{"name":"Renamed"}""")).EnsureSuccessStatusCode();
        (await emulator.DeleteAsync($"accounts({id})")).EnsureSuccessStatusCode();

        await WaitAsync(() => received.Count == 3);
        var bodies = received.Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.All(received, r => Assert.Equal("?code=s3cret", r.Query));
        Assert.Equal(["Create", "Update", "Delete"], bodies.Select(b => (string)b["MessageName"]!));
        Assert.All(bodies, b => Assert.Equal(id.ToString(), (string?)b["PrimaryEntityId"]));
        var update = bodies[1];
        var target = update["InputParameters"]![0]!["value"]!["Attributes"]!.AsArray();
        Assert.Contains(target, a => (string?)a!["key"] == "name" && (string?)a["value"] == "Renamed");
        var image = update["PostEntityImages"]![0]!["value"]!["Attributes"]!.AsArray();
        Assert.Contains(image, a => (string?)a!["key"] == "versionnumber" && (long)a["value"]! > 0);
        Assert.Equal("EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts", (string?)bodies[2]["InputParameters"]![0]!["value"]!["__type"]);
    }

    private static async Task<WebApplication> ReceiverAsync(ConcurrentQueue<(string, string, string)> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            received.Enqueue((request.QueryString.Value ?? "", await reader.ReadToEndAsync(), request.Headers["x-ms-dynamics-request-name"].ToString()));
            return Results.NoContent();
        });
        await app.StartAsync();
        return app;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "The webhooks did not all arrive within 10 s.");
    }
}
