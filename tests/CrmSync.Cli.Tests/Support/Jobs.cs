namespace CrmSync.Cli.Tests.Support;

/// <summary>Sync job views as the gateway answers them, for the progress rendering tests.</summary>
public static class Jobs
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static SyncJobView Running(long read, long? total, double rate = 0, double? eta = null) =>
        new("generic:account", "generic", "account", 1, SyncJobState.Running, Read: read, Total: total, Rate: rate, EtaSeconds: eta, StartedAt: Start);

    public static SyncJobView Ended(SyncJobState state, long read, TimeSpan took, string? error = null) =>
        Running(read, read, rate: read / took.TotalSeconds) with
        {
            State = state,
            Accepted = read - 3,
            Stale = 2,
            Duplicate = 1,
            Written = read - 5,
            Parked = 2,
            CompletedAt = Start + took,
            Error = error,
        };
}
