using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace CrmSync.AppHost.Tests;

/// <summary>The AppHost's cluster mode: 3 silo replicas clustered through redis-server, and a killed silo's records move.</summary>
public sealed class ClusterTests(ClusterTests.ClusterApp app, ITestOutputHelper output) : IClassFixture<ClusterTests.ClusterApp>
{
    private const string MembershipKey = $"{CrmSyncResources.OrleansServiceId}/members/{CrmSyncResources.OrleansClusterId}";

    [RedisFact]
    public async Task ThreeSilosJoinOneClusterThroughRedisServer()
    {
        output.WriteLine($"All resources healthy {app.StartUpTime.TotalSeconds:F1} s after the AppHost was built.");
        Assert.Equal(3, (await SiloReplicasAsync()).Count);

        var active = await Eventually.MatchesAsync(ActiveSilosAsync, silos => silos.Count == 3, "3 active silos in the membership table",
            TimeSpan.FromSeconds(60), silos => string.Join(", ", silos));

        Assert.All(active, silo => Assert.StartsWith("127.0.0.1:", silo));
    }

    [RedisFact]
    public async Task AKilledSilosRecordsMoveToTheOthers()
    {
        using var webhooks = app.Webhooks();
        using var dataverse = app.Dataverse();
        var ids = Enumerable.Range(1, 30).Select(i => $"cluster-{i}").ToList();
        await Task.WhenAll(ids.Select(id => webhooks.DeliverAsync(
            WebhookMessage.Of(GenericChange.Account(id, 1, new { name = $"{id} v1" })), TimeSpan.FromSeconds(60))));
        foreach (var id in ids)
        {
            await dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == $"{id} v1");
        }

        // With 30 records on 3 silos, the killed one held some: all of them stay on one silo with odds of 2 in 100,000.
        var killed = KillSilo((await SiloReplicasAsync())[0]);
        output.WriteLine($"SIGKILL sent to silo process {killed}.");

        await Task.WhenAll(ids.Select(id => webhooks.DeliverAsync(
            WebhookMessage.Of(GenericChange.Account(id, 2, new { name = $"{id} v2" })), TimeSpan.FromSeconds(90))));
        foreach (var id in ids)
        {
            await dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == $"{id} v2", timeout: TimeSpan.FromSeconds(60));
        }

        await Eventually.MatchesAsync(ActiveSilosAsync, silos => silos.Count == 2, "the killed silo declared dead",
            TimeSpan.FromSeconds(60), silos => string.Join(", ", silos));
    }

    /// <summary>The silo's replicas as the notification service knows them (it replays each one's state to a new watcher).</summary>
    private async Task<List<ResourceEvent>> SiloReplicasAsync()
    {
        var replicas = new Dictionary<string, ResourceEvent>();
        using var replayed = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var resourceEvent in app.App.ResourceNotifications.WatchAsync(replayed.Token))
            {
                if (resourceEvent.Resource.Name == CrmSyncResources.Silo)
                {
                    replicas[resourceEvent.ResourceId] = resourceEvent;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return [.. replicas.Values.OrderBy(replica => replica.ResourceId)];
    }

    private async Task<List<string>> ActiveSilosAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(app.RedisConnectionString());
        var entries = await redis.GetDatabase().HashGetAllAsync(MembershipKey);
        return
        [
            .. entries
                .Where(entry => entry.Name != "Version")
                .Select(entry => JsonDocument.Parse(entry.Value.ToString()).RootElement)
                .Where(member => member.GetProperty("Status").ToString() is "Active" or "3")
                .Select(member => Regex.Match(member.GetProperty("SiloAddress").ToString(), @"\d+\.\d+\.\d+\.\d+:\d+").Value)
        ];
    }

    /// <summary>
    /// Ends the replica's silo process at once, as a crash would. DCP runs each replica under <c>dotnet run</c>, whose
    /// child is the silo itself.
    /// </summary>
    private static int KillSilo(ResourceEvent replica)
    {
        var wrapper = replica.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value
            ?? throw new Xunit.Sdk.XunitException($"{replica.ResourceId} has no process id; properties: {string.Join(", ", replica.Snapshot.Properties.Select(p => p.Name))}");
        var pid = ChildOf(Convert.ToInt32(wrapper, System.Globalization.CultureInfo.InvariantCulture));
        Process.GetProcessById(pid).Kill();
        return pid;
    }

    private static int ChildOf(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => (Pid: int.Parse(name!, System.Globalization.CultureInfo.InvariantCulture), Stat: TryRead($"/proc/{name}/stat")))
            .Where(process => process.Stat is not null && ParentOf(process.Stat) == parent)
            .Select(process => process.Pid)
            .DefaultIfEmpty(parent)
            .First();

    private static int ParentOf(string stat) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public sealed class ClusterApp : AppHostFixture
    {
        public override string? Missing => RedisFactAttribute.IsRedisInstalled ? null : "redis-server";

        protected override IEnumerable<string> Settings => ["CrmSync:Cluster=true", "CrmSync:Silos=3"];

        protected override IEnumerable<string> Resources =>
            [CrmSyncResources.Redis, CrmSyncResources.Dataverse, CrmSyncResources.Silo, CrmSyncResources.Gateway];

        public string RedisConnectionString() =>
            App.GetConnectionStringAsync(CrmSyncResources.Redis).AsTask().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("redis has no connection string.");
    }
}
