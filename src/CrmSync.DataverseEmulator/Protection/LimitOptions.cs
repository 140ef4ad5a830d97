namespace CrmSync.DataverseEmulator.Protection;

/// <summary>The <c>Emulator:Limits</c> section: Dataverse's service-protection limits per user (specs/dataverse.md §5); the defaults are Dataverse's.</summary>
public sealed class LimitOptions
{
    public int RequestsPerWindow { get; set; } = 6000;

    public int WindowSeconds { get; set; } = 300;

    public int ExecutionSecondsPerWindow { get; set; } = 1200;

    public int MaxConcurrent { get; set; } = 52;
}

/// <summary>The limits in force, replaceable at run time through <c>POST /emulator/limits</c>.</summary>
/// <param name="DopHint">The <c>x-ms-dop-hint</c> every response carries: the parallelism the server recommends.</param>
public sealed record ServiceProtectionLimits(int RequestsPerWindow, int WindowSeconds, int ExecutionSecondsPerWindow, int MaxConcurrent, int DopHint)
{
    public static ServiceProtectionLimits From(LimitOptions limits, int dopHint) =>
        new(limits.RequestsPerWindow, limits.WindowSeconds, limits.ExecutionSecondsPerWindow, limits.MaxConcurrent, dopHint);

    /// <summary>What is wrong with these limits, one sentence each; empty when they can be used.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(RequestsPerWindow), RequestsPerWindow), (nameof(WindowSeconds), WindowSeconds),
            (nameof(ExecutionSecondsPerWindow), ExecutionSecondsPerWindow), (nameof(MaxConcurrent), MaxConcurrent), (nameof(DopHint), DopHint),
        })
        {
            if (value <= 0)
            {
                yield return $"{name} is {value}; it must be a positive number.";
            }
        }
    }
}
