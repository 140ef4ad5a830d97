namespace CrmSync.EndToEnd.Tests.Support;

/// <summary>
/// The system most tests share; they never stop its processes. A small body limit, so that 413 is cheap to reach, and a
/// pull-only source with no webhook secret.
/// </summary>
public sealed class SharedSystemFixture : CrmSyncSystemFixture
{
    public const int MaxBodyBytes = 64 * 1024;

    public const string PullOnlySource = "pullonly";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["CrmSync__Webhooks__MaxBodyBytes"] = $"{MaxBodyBytes}",
        [$"CrmSync__Sources__{PullOnlySource}__Kind"] = "Rest",
        [$"CrmSync__Sources__{PullOnlySource}__BaseUrl"] = "http://127.0.0.1:9/api/",
        [$"CrmSync__Sources__{PullOnlySource}__Entities__account__Path"] = "accounts",
        [$"CrmSync__Sources__{PullOnlySource}__Entities__account__Paging__Style"] = "LinkHeader",
        [$"CrmSync__Sources__{PullOnlySource}__Entities__account__Id"] = "id",
        [$"CrmSync__Sources__{PullOnlySource}__Entities__account__Version"] = "version",
    };
}

[CollectionDefinition(Name)]
public sealed class SharedSystemCollection : ICollectionFixture<SharedSystemFixture>
{
    public const string Name = "shared system";
}
