using System.Runtime.InteropServices;

namespace CrmSync.AppHost.Orchestration;

/// <summary>
/// Ctrl+C, SIGTERM, SIGQUIT and SIGHUP, handled instead of ending the process: the first asks for a graceful stop,
/// a second one for killing whatever is still running.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _killing = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public CancellationToken Stopping => _stopping.Token;

    public CancellationToken Killing => _killing.Token;

    public static ShutdownSignal Listen()
    {
        var signal = new ShutdownSignal();
        foreach (var posixSignal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP })
        {
            signal._registrations.Add(PosixSignalRegistration.Create(posixSignal, context =>
            {
                context.Cancel = true;
                signal.Request();
            }));
        }

        return signal;
    }

    public void Request()
    {
        if (_stopping.IsCancellationRequested)
        {
            _killing.Cancel();
        }
        else
        {
            _stopping.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
        _killing.Dispose();
    }
}
