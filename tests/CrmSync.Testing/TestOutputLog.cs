namespace CrmSync.Testing;

/// <summary>
/// Sends the resources' output to the running test's output, where xunit shows it with the test's result.
/// Lines written while no test runs are dropped (each resource keeps its last lines for failure messages).
/// </summary>
public sealed class TestOutputLog
{
    public ITestOutputHelper? Current { get; set; }

    public void Write(ResourceLogLine line)
    {
        try
        {
            Current?.WriteLine($"{line.Resource,-9} | {line.Text}");
        }
        catch (InvalidOperationException)
        {
            // That test has finished.
        }
    }
}
