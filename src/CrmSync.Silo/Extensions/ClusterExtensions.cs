using System.Net;
using Orleans.Configuration;

namespace CrmSync.Silo.Extensions;

/// <summary>What a silo of a real cluster needs besides its providers: fast failure detection, its address, Kubernetes.</summary>
public static class ClusterExtensions
{
    /// <summary>True when the silos run as Kubernetes pods (Microsoft.Orleans.Hosting.Kubernetes): names and addresses come from the pod.</summary>
    public const string KubernetesHostingKey = "CrmSync:Cluster:KubernetesHosting";

    /// <summary>
    /// Membership tuned so that a silo killed mid-load is declared dead within seconds, each value overridable under
    /// <c>Orleans:Membership</c> (e.g. <c>Orleans__Membership__ProbeTimeout=00:00:05</c>).
    /// </summary>
    /// <remarks>
    /// Until a dead silo is declared dead, calls to the grains it hosted fail and their webhooks get 503; once declared,
    /// the grains activate on the survivors. A killed process refuses connections, so every probe of it fails at once:
    /// each of two probers misses <see cref="ClusterMembershipOptions.NumMissedProbesLimit"/> probes, one per probe period
    /// (ProbeTimeout 2 s to start, adapting to the measured round trip between 1 and 5 s; Orleans' 2.5–20 s could
    /// stretch this to a minute), and with both votes the silo is dead about 6–8 s after the kill; gossip tells every
    /// silo at once. Shorter probes would risk declaring a silo dead that is only paused for garbage collection; Orleans
    /// lengthens them while the prober itself is unhealthy. Votes expire after 20 s (not 2 min), so old suspicions of a
    /// silo that recovered do not add up to a death. Silos write their I-am-alive every 5 s (not 30 s), so an entry left
    /// behind by a silo that died unobserved (a whole cluster killed) is ignored after 15 s rather than 90 s by silos
    /// that join; the table is re-read every 10 s (not 60 s) in case a vote's gossip was lost.
    /// </remarks>
    public static ISiloBuilder UseClusterDefaults(this ISiloBuilder silo, IConfigurationSection orleans, bool kubernetes)
    {
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.MinProbeTimeout = TimeSpan.FromSeconds(1);
            options.MaxProbeTimeout = TimeSpan.FromSeconds(5);
            options.NumMissedProbesLimit = 3;
            options.NumVotesForDeathDeclaration = 2;
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            options.NumMissedTableIAmAliveLimit = 3;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
            orleans.GetSection("Membership").Bind(options);
        });

        // Orleans binds Orleans:Endpoints, but its binder cannot read an IPAddress; silos of a cluster on one machine
        // advertise 127.0.0.1 so that they and their clients reach each other whatever the machine's interfaces.
        if (orleans["Endpoints:AdvertisedIPAddress"] is { Length: > 0 } address)
        {
            silo.Configure<EndpointOptions>(options => options.AdvertisedIPAddress = IPAddress.Parse(address));
        }

        if (kubernetes)
        {
            silo.UseKubernetesHosting();
        }

        return silo;
    }
}
