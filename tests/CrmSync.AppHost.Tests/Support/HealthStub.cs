using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CrmSync.AppHost.Tests.Support;

/// <summary>A real HTTP /health endpoint whose answer a test controls, standing in for a resource's.</summary>
public sealed class HealthStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private HealthStub(WebApplication app) => _app = app;

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public int Requests => _requests;

    public Uri Url { get; private set; } = null!;

    public static async Task<HealthStub> StartAsync(int statusCode)
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var stub = new HealthStub(app) { StatusCode = statusCode, Url = new Uri($"http://127.0.0.1:{port}/health") };
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref stub._requests);
            return Results.StatusCode(stub.StatusCode);
        });
        await app.StartAsync();
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
