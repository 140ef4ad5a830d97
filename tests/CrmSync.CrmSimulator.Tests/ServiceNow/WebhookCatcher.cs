using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSync.CrmSimulator.Tests.ServiceNow;

/// <summary>A webhook receiver on a free loopback port that keeps every request and answers 200 (or a status a test sets).</summary>
public sealed class WebhookCatcher : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookCatcher(WebApplication app) => this.app = app;

    public ConcurrentQueue<CaughtRequest> Requests { get; } = new();

    public int Status { get; set; } = StatusCodes.Status200OK;

    public string Url => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/webhooks/servicenow";

    public static async Task<WebhookCatcher> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var catcher = new WebhookCatcher(app);
        app.Map("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            catcher.Requests.Enqueue(new CaughtRequest(request.Method, request.Path, request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync()));
            return Results.StatusCode(catcher.Status);
        });
        await app.StartAsync();
        return catcher;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record CaughtRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
