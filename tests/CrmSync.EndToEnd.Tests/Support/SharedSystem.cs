namespace CrmSync.EndToEnd.Tests.Support;

/// <summary>
/// The system most tests share; they never stop its processes. A small body limit, so that 413 is cheap to reach, a
/// pull-only source with no webhook secret, a Dynamics 365 source whose key travels in the URL, and every trace, log and
/// metric exported to an <see cref="OtlpCatcher"/> for the security tests to search.
/// </summary>
public sealed class SharedSystemFixture : CrmSyncSystemFixture
{
    public const int MaxBodyBytes = 64 * 1024;

    public const string PullOnlySource = "pullonly";

    public const string KeyInUrlSource = "keyinurl";

    public static readonly string KeyInUrl = $"key-{Guid.NewGuid():N}";

    public OtlpCatcher Telemetry { get; } = new(Ports.Free(1)[0]);

    public override async Task InitializeAsync()
    {
        await Telemetry.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Telemetry.DisposeAsync();
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Telemetry.Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "500",
        [$"CrmSync__Sources__{KeyInUrlSource}__Kind"] = "Dynamics365",
        [$"CrmSync__Sources__{KeyInUrlSource}__ConnectionString"] = "AuthType=None;Url=http://127.0.0.1:9",
        [$"CrmSync__Sources__{KeyInUrlSource}__WebhookKey"] = KeyInUrl,
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
