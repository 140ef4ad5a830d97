using System.Runtime.InteropServices;

namespace CrmSync.Testing.Processes;

/// <summary>SIGTERM, which .NET's Process cannot send: it only kills (SIGKILL).</summary>
internal static class UnixSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to stop; false where there is no such signal (Windows), so the caller kills instead.</summary>
    public static bool TryTerminate(Process process) =>
        !OperatingSystem.IsWindows() && !process.HasExited && kill(process.Id, SigTerm) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
