using CrmSync.AppHost.Tests.Support;

namespace CrmSync.AppHost.Tests;

[Collection(ProcessCollection.Name)]
public sealed class ChildProcessGuardTests
{
    [Fact]
    public async Task KillsEveryChildStillRunningWhenTheHostEnds()
    {
        await using var first = ResourceProcess.Start(Shell.Spec("first", Shell.Sleeper));
        await using var second = ResourceProcess.Start(Shell.Spec("second", Shell.Stubborn));

        ChildProcessGuard.KillAll();

        await Task.WhenAll(first.Exited, second.Exited).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
