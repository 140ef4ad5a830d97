namespace CrmSync.Bench.Harness;

/// <summary>Service-protection limits the scenarios put in force through <c>POST /emulator/limits</c>.</summary>
public static class EmulatorLimits
{
    /// <summary>Far beyond anything a run reaches, so the emulator never answers 429: "unthrottled".</summary>
    public static readonly object Unthrottled = new
    {
        RequestsPerWindow = 1_000_000_000,
        WindowSeconds = 1,
        ExecutionSecondsPerWindow = 1_000_000_000,
        MaxConcurrent = 10_000,
    };
}
