namespace CrmSync.Abstractions;

/// <summary>The silos a silo's cluster membership lists as active (<c>GET /diagnostics/silos</c>).</summary>
public sealed record SiloMembership(IReadOnlyList<string> Active);
