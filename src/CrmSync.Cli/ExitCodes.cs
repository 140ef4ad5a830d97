namespace CrmSync.Cli;

/// <summary>What crmsync's exit code tells a script.</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>sync start --follow</c>, the job completed.</summary>
    public const int Ok = 0;

    /// <summary>The gateway refused or could not be reached, or a followed job failed.</summary>
    public const int Error = 1;

    /// <summary>A followed job was cancelled.</summary>
    public const int Cancelled = 2;

    /// <summary>A reconcile without --repair found differences.</summary>
    public const int Differences = 3;

    /// <summary>EX_USAGE from sysexits.h: an unknown command, a missing argument or a bad option.</summary>
    public const int Usage = 64;

    /// <summary>128 + SIGINT, as shells report a command stopped by Ctrl+C.</summary>
    public const int Interrupted = 130;
}
