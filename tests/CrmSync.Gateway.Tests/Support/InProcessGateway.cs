using CrmSync.Gateway.Apis;
using CrmSync.Gateway.Extensions;
using CrmSync.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSync.Gateway.Tests.Support;

/// <summary>
/// The gateway's webhook endpoint in this process, on a loopback port, wired as the gateway wires it but with
/// <see cref="RecordGrainsDouble"/> in place of the silo, and its generic source's secret known to the test.
/// </summary>
public sealed class InProcessGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessGateway(WebApplication app, Uri url, string secret)
    {
        _app = app;
        Url = url;
        Secret = secret;
        Webhooks = new WebhookSender(url, secret);
    }

    public Uri Url { get; }

    public string Secret { get; }

    public WebhookSender Webhooks { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<InProcessGateway> StartAsync(RecordGrainsDouble grains, IReadOnlyDictionary<string, string?> webhookSettings)
    {
        var url = new Uri($"http://127.0.0.1:{Ports.Free(1)[0]}");
        var secret = WebhookSecret.Generate();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(url.ToString());
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrmSync:Sources:generic:Kind"] = "Generic",
            ["CrmSync:Sources:generic:Secret"] = secret,
        }.Concat(webhookSettings.Select(setting => KeyValuePair.Create($"CrmSync:Webhooks:{setting.Key}", setting.Value))));
        builder.AddWebhookIntake();
        builder.Services.AddSingleton(grains.Factory);
        var app = builder.Build();
        app.MapWebhooksApi();
        await app.StartAsync();
        return new InProcessGateway(app, url, secret);
    }

    public async ValueTask DisposeAsync()
    {
        Webhooks.Dispose();
        await _app.DisposeAsync();
    }
}
