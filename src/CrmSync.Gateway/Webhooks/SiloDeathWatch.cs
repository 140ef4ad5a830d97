namespace CrmSync.Gateway.Webhooks;

/// <summary>
/// Asks a silo for its view of the cluster's membership every quarter second (<see cref="IMembershipViewGrain"/>, from
/// memory: no membership-table read) and tells <see cref="SiloDeaths"/> of each silo newly declared dead.
/// </summary>
/// <remarks>
/// The Orleans client never fails a call that its silo took with it: a silo breaks its own calls to a silo as soon as it
/// learns of the death, but a client waits for its response timeout. So without this, a webhook whose change was caught
/// on a killed silo waited for the whole accept timeout before its 503.
/// </remarks>
public sealed partial class SiloDeathWatch(IClusterClient cluster, SiloDeaths deaths, ILogger<SiloDeathWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HashSet<SiloAddress>? known = null;
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (await DeadSilosAsync(stoppingToken) is not { } dead)
            {
                continue;
            }

            if (known is not null && dead.Except(known).ToList() is { Count: > 0 } declared)
            {
                LogDeclaredDead(string.Join(", ", declared));
                deaths.Declared();
            }

            known = dead;
        }
    }

    /// <summary>The silos the membership lists as dead; null when the cluster did not answer (the next poll asks again).</summary>
    private async Task<HashSet<SiloAddress>?> DeadSilosAsync(CancellationToken cancellationToken)
    {
        try
        {
            return [.. await cluster.GetGrain<IMembershipViewGrain>(0).DeadSilos().AsTask().WaitAsync(Patience, cancellationToken)];
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silos} declared dead: webhook changes in flight are answered 503 unless stored within the dead-silo grace")]
    private partial void LogDeclaredDead(string silos);
}
