namespace CrmSync.AppHost.Tests.Support;

/// <summary>Tiny real child processes: POSIX shell scripts.</summary>
public static class Shell
{
    public static readonly IReadOnlyDictionary<string, string> MinimalEnvironment = new Dictionary<string, string>
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
    };

    /// <summary>Runs until stopped. exec, so that SIGTERM reaches sleep itself and leaves no orphan behind the shell.</summary>
    public const string Sleeper = "exec sleep 30";

    /// <summary>Runs until stopped; exits 0 on SIGTERM, after saying so.</summary>
    public const string Graceful = "trap 'echo bye; exit 0' TERM; echo ready; while :; do sleep 0.1; done";

    /// <summary>Runs until killed: SIGTERM is ignored.</summary>
    public const string Stubborn = "trap '' TERM; echo ready; while :; do sleep 0.1; done";

    public static ResourceSpec Spec(string name, string script, Uri? healthUrl = null, IReadOnlyDictionary<string, string>? environment = null) =>
        new(name, "/bin/sh", ["-c", script], Path.GetTempPath(), environment ?? MinimalEnvironment, healthUrl);
}
