using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CrmSync.EndToEnd.Tests.Support;

/// <summary>
/// An OTLP/HTTP receiver on loopback that keeps every payload the system exports, raw: protobuf holds strings as UTF-8
/// bytes, so a test can search all exported traces, logs and metrics for a value that must not be there.
/// </summary>
public sealed class OtlpCatcher(int port) : IAsyncDisposable
{
    private readonly List<(string Signal, byte[] Payload)> _payloads = [];
    private WebApplication? _app;

    public string Endpoint => $"http://127.0.0.1:{port}";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Endpoint);
        _app = builder.Build();
        _app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (_payloads)
            {
                _payloads.Add((signal, body.ToArray()));
            }

            return Results.Ok();
        });
        await _app.StartAsync();
    }

    /// <summary>The payloads of one signal (traces, logs or metrics) received so far.</summary>
    public IReadOnlyList<byte[]> Payloads(string signal)
    {
        lock (_payloads)
        {
            return [.. _payloads.Where(p => p.Signal == signal).Select(p => p.Payload)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
