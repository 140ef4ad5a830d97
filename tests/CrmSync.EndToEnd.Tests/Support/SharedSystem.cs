namespace CrmSync.EndToEnd.Tests.Support;

/// <summary>The system most tests share; they never stop its processes. A small body limit, so that 413 is cheap to reach.</summary>
public sealed class SharedSystemFixture : CrmSyncSystemFixture
{
    public const int MaxBodyBytes = 64 * 1024;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["CrmSync__Webhooks__MaxBodyBytes"] = $"{MaxBodyBytes}",
    };
}

[CollectionDefinition(Name)]
public sealed class SharedSystemCollection : ICollectionFixture<SharedSystemFixture>
{
    public const string Name = "shared system";
}
