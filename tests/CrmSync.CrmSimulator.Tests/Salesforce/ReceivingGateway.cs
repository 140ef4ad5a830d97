using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSync.CrmSimulator.Tests.Salesforce;

public sealed record ReceivedWebhook(string Body, string? WebhookId);

/// <summary>A loopback endpoint that keeps what it is sent and answers "received", standing in for CrmSync's gateway.</summary>
public sealed class ReceivingGateway : IAsyncDisposable
{
    private readonly WebApplication app;

    private ReceivingGateway(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<ReceivingGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var gateway = new ReceivingGateway(builder.Build());
        gateway.app.MapPost("/webhooks/salesforce", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            gateway.Received.Enqueue(new ReceivedWebhook(await reader.ReadToEndAsync(), request.Headers["webhook-id"]));
            return Results.Text("received");
        });
        await gateway.app.StartAsync();
        var address = gateway.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        gateway.Url = $"{address.TrimEnd('/')}/webhooks/salesforce";
        return gateway;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
