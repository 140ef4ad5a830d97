using OpenTelemetry.Trace;

namespace CrmSync.ServiceDefaults;

/// <summary>
/// Samples every span but those of the calls CrmSync makes to watch itself: the gateway asks a silo for the cluster's
/// membership four times a second (<c>IMembershipViewGrain</c>), which in the dashboard would bury a webhook's trace
/// under a new one every 250 ms. Used under a parent-based sampler, so a span joins its parent's decision.
/// </summary>
public sealed class HousekeepingSampler : Sampler
{
    /// <summary>Grain interfaces whose calls are housekeeping, as Orleans names their spans (<c>Interface/Method</c>).</summary>
    public static readonly IReadOnlyList<string> Interfaces = ["IMembershipViewGrain/"];

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);
    private static readonly SamplingResult Sample = new(SamplingDecision.RecordAndSample);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var name = samplingParameters.Name;
        return Interfaces.Any(housekeeping => name.Contains(housekeeping, StringComparison.Ordinal)) ? Drop : Sample;
    }
}
