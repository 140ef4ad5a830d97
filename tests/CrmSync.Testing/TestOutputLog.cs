namespace CrmSync.Testing;

/// <summary>
/// Sends the resources' output to whoever shows it now: the running test's output, where xunit shows it with the
/// test's result, or a benchmark's console. Lines written while nobody shows them are dropped (each resource keeps its
/// last lines for failure messages).
/// </summary>
public sealed class TestOutputLog
{
    private Action<string>? _writeLine;

    public void ShowIn(ITestOutputHelper output) => _writeLine = output.WriteLine;

    /// <summary>Shows the output through <paramref name="writeLine"/>, or nowhere when null.</summary>
    public void ShowIn(Action<string>? writeLine) => _writeLine = writeLine;

    public void Write(ResourceLogLine line)
    {
        try
        {
            _writeLine?.Invoke($"{line.Resource,-9} | {line.Text}");
        }
        catch (InvalidOperationException)
        {
            // That test has finished.
        }
    }
}
