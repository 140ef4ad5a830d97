using System.Text.Json.Nodes;
using CrmSync.Dataverse.Writing;

namespace CrmSync.Dataverse.Tests;

/// <summary>The writer against the emulator's request limit: full requests under a backlog, no 429 it could foresee, lone changes at once.</summary>
public class RequestBudgetWriterTests
{
    [Fact]
    public async Task ABacklogUnderATightRequestLimitGoesOutInFullRequestsWithoutA429()
    {
        await using var dataverse = await StartAsync(requestsPerWindow: 4, windowSeconds: 3);
        await using var writer = dataverse.NewWriter(new() { MaxRecordsPerRequest = 100, RequestsPerWindow = 4, RequestWindow = TimeSpan.FromSeconds(3) });

        var results = await Task.WhenAll(Accounts(1000).Select(w => writer.WriteUntilDoneAsync(w)));

        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        var stats = await dataverse.StatsAsync();
        Assert.Equal(0, stats["throttled"]!.GetValue<long>());
        // Ten full requests, and perhaps one for the first rows, which leave at once.
        Assert.True(stats["requests"]!.GetValue<long>() <= 11, $"{stats["requests"]} requests for 1,000 rows at 100 per request");
    }

    [Fact]
    public async Task TheWriterLearnsALowerLimitFromTheServersHeadersAndStaysWithinIt()
    {
        await using var dataverse = await StartAsync(requestsPerWindow: 3, windowSeconds: 4);
        await using var writer = dataverse.NewWriter(new() { MaxRecordsPerRequest = 100, RequestWindow = TimeSpan.FromSeconds(4) });

        Assert.Equal(WriteStatus.Written, (await writer.WriteAsync(Accounts(1)[0])).Status);
        Assert.Equal(3, writer.BudgetOf(writer.Lanes[0]).Limit);
        var results = await Task.WhenAll(Accounts(500).Select(w => writer.WriteUntilDoneAsync(w)));

        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        Assert.Equal(0, (await dataverse.StatsAsync())["throttled"]!.GetValue<long>());
    }

    [Fact]
    public async Task ALoneWriteGoesOutAtOnceWhileTheWindowHasRequestsToSpare()
    {
        await using var dataverse = await StartAsync(requestsPerWindow: 600, windowSeconds: 60);
        await using var writer = dataverse.NewWriter(new() { RequestsPerWindow = 600, RequestWindow = TimeSpan.FromSeconds(60), MaxFlushDelay = TimeSpan.FromMinutes(5) });

        // Held for a fuller request, it would wait MaxFlushDelay: five minutes.
        var result = await writer.WriteAsync(Accounts(1)[0]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(WriteStatus.Written, result.Status);
        Assert.Equal(2, (await dataverse.StatsAsync())["requests"]!.GetValue<long>()); // WhoAmI and the write
    }

    [Fact]
    public async Task WhenTheWindowRunsShortChangesWaitToShareARequest()
    {
        await using var dataverse = await StartAsync(requestsPerWindow: 4, windowSeconds: 60);
        await using var writer = dataverse.NewWriter(new() { RequestsPerWindow = 4, RequestWindow = TimeSpan.FromSeconds(60), MaxFlushDelay = TimeSpan.FromSeconds(3) });
        var writes = Accounts(10);
        Assert.Equal(WriteStatus.Written, (await writer.WriteAsync(writes[0])).Status);

        // WhoAmI and the first write leave two requests for the minute: one every 30 s, so the next change waits for company.
        var second = writer.WriteAsync(writes[1]);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var results = await Task.WhenAll(writes.Skip(2).Select(w => writer.WriteAsync(w)).Prepend(second));

        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        Assert.Equal(3, (await dataverse.StatsAsync())["requests"]!.GetValue<long>());
    }

    private static Task<EmulatorFixture> StartAsync(int requestsPerWindow, int windowSeconds) => EmulatorFixture.StartAsync(new Dictionary<string, string?>
    {
        ["Emulator:DopHint"] = "8",
        ["Emulator:Limits:RequestsPerWindow"] = $"{requestsPerWindow}",
        ["Emulator:Limits:WindowSeconds"] = $"{windowSeconds}",
    });

    private static List<RowWrite> Accounts(int count) =>
        Enumerable.Range(0, count).Select(i => new RowWrite(DataverseTables.Account, Guid.NewGuid(), new JsonObject { ["name"] = $"n{i}" })).ToList();
}
