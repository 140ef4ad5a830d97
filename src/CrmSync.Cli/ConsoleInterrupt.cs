namespace CrmSync.Cli;

/// <summary>
/// Turns the first Ctrl+C into a cancellation, so that a command in progress ends tidily (a followed sync says it goes
/// on without us); a second Ctrl+C ends the process as usual.
/// </summary>
public sealed class ConsoleInterrupt : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    private ConsoleInterrupt() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => _source.Token;

    public static ConsoleInterrupt Listen() => new();

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = !_source.IsCancellationRequested;
        _source.Cancel();
    }
}
