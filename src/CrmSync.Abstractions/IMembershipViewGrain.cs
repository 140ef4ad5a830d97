using Orleans.Runtime;

namespace CrmSync.Abstractions;

/// <summary>
/// A silo's own view of the cluster's membership, as the membership table and the silos' gossip keep it up to date: how
/// the gateway learns that a silo has been declared dead without reading the membership table itself.
/// </summary>
public interface IMembershipViewGrain : IGrainWithIntegerKey
{
    /// <summary>The silos the answering silo's membership lists as dead.</summary>
    ValueTask<IReadOnlyList<SiloAddress>> DeadSilos();
}
