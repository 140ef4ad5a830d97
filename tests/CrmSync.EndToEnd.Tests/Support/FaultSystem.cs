namespace CrmSync.EndToEnd.Tests.Support;

/// <summary>A system of its own for the tests that kill, stop and restart processes. The gateway gives up on the silo after 5 s.</summary>
public sealed class FaultSystemFixture : CrmSyncSystemFixture
{
    public static readonly TimeSpan AcceptTimeout = TimeSpan.FromSeconds(5);

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["CrmSync__Webhooks__AcceptTimeout"] = $"{AcceptTimeout:c}",
    };
}

[CollectionDefinition(Name)]
public sealed class FaultSystemCollection : ICollectionFixture<FaultSystemFixture>
{
    public const string Name = "fault system";
}
