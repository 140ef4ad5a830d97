using Orleans.Concurrency;
using Orleans.Runtime;

namespace CrmSync.Grains.Cluster;

/// <summary>
/// Answers from the silo's membership snapshot, which is in memory: the silo that declares another dead gossips it to the
/// rest at once. A stateless worker, so each silo the gateway calls answers locally and one silo's death does not take
/// the view with it.
/// </summary>
[StatelessWorker]
public sealed class MembershipViewGrain(IClusterMembershipService membership) : Grain, IMembershipViewGrain
{
    public ValueTask<IReadOnlyList<SiloAddress>> DeadSilos() =>
        ValueTask.FromResult<IReadOnlyList<SiloAddress>>(
            [.. membership.CurrentSnapshot.Members.Values.Where(member => member.Status == SiloStatus.Dead).Select(member => member.SiloAddress)]);
}
