using CrmSync.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CrmSync.Bench.Bare;

/// <summary>
/// The machine's ceiling: Kestrel answering 200 to <c>POST /webhooks/{source}</c> after reading the body and doing
/// nothing else. It runs as its own process, as the gateway does (the harness's assembly started with the hidden
/// <c>bare-server --port N</c> sub-command), with the gateway's server GC, so the load client measures both alike.
/// </summary>
public static class BareServer
{
    public const string Command = "bare-server";

    public const string Name = "bare-kestrel";

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/health", () => TypedResults.Ok());
        app.MapPost("/webhooks/{source}", async (HttpRequest request) =>
        {
            var reader = request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync();
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            return TypedResults.Ok();
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>Starts the bare server as a process of its own (run by Aspire) on <paramref name="port"/> and waits until it answers.</summary>
    public static async Task<RunningBareServer> StartAsync(int port, Action<ResourceLogLine>? log = null)
    {
        // This assembly run by the dotnet host, whichever process asks (the harness, or a test host that references it).
        var assembly = typeof(BareServer).Assembly.Location;
        IReadOnlyList<string> arguments = [assembly, Command, "--port", $"{port}"];
        var environment = new Dictionary<string, string>(EnvironmentVariables.Current()) { ["DOTNET_gcServer"] = "1" };
        var spec = new ResourceSpec(Name, DotnetHost.Path, arguments, Path.GetDirectoryName(assembly)!, environment, new Uri($"http://127.0.0.1:{port}/health"))
        {
            Ports = [port],
        };
        var resources = await AspireResources.StartAsync([spec], log ?? (_ => { }), TimeSpan.FromSeconds(30));
        return new RunningBareServer(resources, new Uri($"http://127.0.0.1:{port}"));
    }
}

/// <summary>The bare server's process, until disposed.</summary>
public sealed class RunningBareServer(AspireResources resources, Uri url) : IAsyncDisposable
{
    public Uri Url { get; } = url;

    public int ProcessId => resources.ProcessId(BareServer.Name);

    public ValueTask DisposeAsync() => resources.DisposeAsync();
}
