using CrmSync.Bench.Bare;
using CrmSync.Testing.Processes;

namespace CrmSync.Bench.Tests;

/// <summary>One bare Kestrel server process for the tests of a class.</summary>
public sealed class BareServerFixture : IAsyncLifetime
{
    private RunningBareServer? _process;

    public Uri Url { get; private set; } = null!;

    public int ProcessId => _process!.ProcessId;

    public async Task InitializeAsync()
    {
        var port = Ports.Free(1)[0];
        _process = await BareServer.StartAsync(port);
        Url = new Uri($"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
