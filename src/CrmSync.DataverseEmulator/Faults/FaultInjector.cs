using CrmSync.DataverseEmulator.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Faults;

/// <summary>Decides which Web API requests an outage or the error rate fails, and how much latency each gets.</summary>
public sealed class FaultInjector
{
    private readonly TimeProvider time;
    private volatile FaultSettings settings;
    private volatile Outage? outage;

    public FaultInjector(IOptions<EmulatorOptions> options, TimeProvider time)
    {
        this.time = time;
        var faults = options.Value.Faults;
        settings = new FaultSettings(faults.LatencyMilliseconds, faults.ErrorRate);
        if (faults.OutageSeconds > 0)
        {
            var start = faults.OutageStart ?? time.GetUtcNow();
            outage = new Outage(start, start.AddSeconds(faults.OutageSeconds));
        }
    }

    public FaultSettings Settings
    {
        get => settings;
        set => settings = value;
    }

    /// <summary>How long the current outage still lasts, or null when there is none.</summary>
    public TimeSpan? OutageRemaining()
    {
        var now = time.GetUtcNow();
        return outage is { } current && current.From <= now && now < current.Until ? current.Until - now : null;
    }

    public void StartOutage(TimeSpan duration)
    {
        var now = time.GetUtcNow();
        outage = new Outage(now, now + duration);
    }

    public void EndOutage() => outage = null;

    /// <summary>The status of an injected failure for this request (503 or 500, evenly), or null.</summary>
    public int? DrawError()
    {
        var rate = settings.ErrorRate;
        if (rate <= 0 || Random.Shared.NextDouble() >= rate)
        {
            return null;
        }

        return Random.Shared.Next(2) == 0 ? 503 : 500;
    }

    private sealed record Outage(DateTimeOffset From, DateTimeOffset Until);
}
