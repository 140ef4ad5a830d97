using System.Collections.Concurrent;
using System.ComponentModel;

namespace CrmSync.Testing.Processes;

/// <summary>
/// Kills every child still running when this process ends, whether it returns from Main, calls Environment.Exit,
/// gets an unhandled SIGTERM or crashes with an unhandled exception, so neither the AppHost nor a test run leaves
/// resources behind. (Only SIGKILL of the parent escapes this; the children share its process group, so
/// <c>kill -- -&lt;pgid&gt;</c> or the terminal's Ctrl+C still reaches them, except a program that
/// <see cref="ExecutableResource"/> starts in a session of its own.)
/// </summary>
internal static class ChildProcessGuard
{
    private static readonly ConcurrentDictionary<Process, byte> Running = new();

    static ChildProcessGuard()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
    }

    public static void Track(Process process) => Running.TryAdd(process, 0);

    public static void Forget(Process process) => Running.TryRemove(process, out _);

    public static void KillAll()
    {
        foreach (var process in Running.Keys)
        {
            Kill(process);
        }
    }

    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already exited, or gone between the check and the kill: nothing left to stop.
        }
    }
}
