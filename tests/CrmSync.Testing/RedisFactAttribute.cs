namespace CrmSync.Testing;

/// <summary>A fact that runs a real redis-server (cluster mode); skipped, naming what to install, on a machine without one.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!IsRedisInstalled)
        {
            Skip = "redis-server is not on PATH; install it (on Debian or Ubuntu: sudo apt-get install redis-server) to run this test.";
        }
    }

    public static bool IsRedisInstalled { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "redis-server")));
}
