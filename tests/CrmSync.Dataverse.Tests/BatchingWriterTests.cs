using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.Dataverse.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.Dataverse.Tests;

public class BatchingWriterTests
{
    [Fact]
    public async Task ManyConcurrentRowsGoOutInFewRequestsWithinTheConcurrencyHint()
    {
        await using var dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:DopHint"] = "4",
            ["Emulator:Limits:MaxConcurrent"] = "4",
        });
        await using var writer = dataverse.NewWriter();
        var writes = Enumerable.Range(0, 3000).Select(i => new RowWrite(DataverseTables.Account, Guid.NewGuid(), new JsonObject { ["name"] = $"n{i}" })).ToList();

        var results = await Task.WhenAll(writes.Select(w => writer.WriteUntilDoneAsync(w)));

        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        var stats = await dataverse.StatsAsync();
        Assert.True(stats["maxConcurrent"]!.GetValue<int>() <= 4, $"max concurrent {stats["maxConcurrent"]}");
        Assert.Equal(0, stats["throttled"]!.GetValue<long>());
        Assert.True(stats["requests"]!.GetValue<long>() <= 3000 / 50, $"{stats["requests"]} requests for 3000 rows");
    }

    [Fact]
    public async Task ThrottlingByAnotherClientOfTheSameUserSlowsTheWriterAndLosesNothing()
    {
        await using var dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:DopHint"] = "8",
            ["Emulator:Limits:RequestsPerWindow"] = "5",
            ["Emulator:Limits:WindowSeconds"] = "4",
        });
        await using var writer = dataverse.NewWriter(new() { MaxRecordsPerRequest = 50, RequestWindow = TimeSpan.FromSeconds(4) });
        var writes = Enumerable.Range(0, 200).Select(i => new RowWrite(DataverseTables.Account, Guid.NewGuid(), new JsonObject { ["name"] = $"n{i}" })).ToList();
        Assert.Equal(WriteStatus.Written, (await writer.WriteAsync(writes[0])).Status);
        // Another silo of the same application user spends the rest of the window, unknown to this writer until it is refused.
        for (var i = 0; i < 3; i++)
        {
            await dataverse.Client.GetJsonAsync("accounts?$top=1");
        }

        var results = await Task.WhenAll(writes.Skip(1).Select(w => writer.WriteUntilDoneAsync(w)));

        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        var stats = await dataverse.StatsAsync();
        Assert.True(stats["throttled"]!.GetValue<long>() > 0, "the limits should have been hit");
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var rows = await dataverse.Client.GetJsonAsync("accounts?$select=accountid");
        var ids = rows["value"]!.AsArray().Select(r => r!["accountid"]!.GetValue<Guid>()).ToHashSet();
        Assert.All(writes, w => Assert.Contains(w.RowId, ids));
    }

    [Fact]
    public async Task RowsOverMaxRowsWaitingAreDeferredAtOnceAndTheRowsItHoldsAreWritten()
    {
        // Every request, the writer's first WhoAmI included, takes a second: all 50 rows arrive while none can leave.
        await using var dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?> { ["Emulator:Faults:LatencyMilliseconds"] = "1000" });
        await using var writer = dataverse.NewWriter(new() { MaxRowsWaiting = 30 });
        var writes = Enumerable.Range(0, 50).Select(i => new RowWrite(DataverseTables.Account, Guid.NewGuid(), new JsonObject { ["name"] = $"n{i}" })).ToList();

        var answers = writes.Select(w => writer.WriteAsync(w)).ToList();

        Assert.Equal(20, answers.Count(a => a.IsCompletedSuccessfully && a.Result.Status == WriteStatus.Deferred));
        var results = await Task.WhenAll(answers);
        Assert.Equal(30, results.Count(r => r.Status == WriteStatus.Written));
        Assert.Equal(WriteStatus.Written, (await writer.WriteAsync(new RowWrite(DataverseTables.Account, Guid.NewGuid(), new JsonObject { ["name"] = "later" }))).Status);
    }

    [Fact]
    public async Task ARefusedRowDoesNotFailItsNeighbours()
    {
        await using var dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?> { ["Emulator:DopHint"] = "1" });
        await using var writer = dataverse.NewWriter();
        var writes = Enumerable.Range(0, 20)
            .Select(i => new RowWrite(DataverseTables.Account, Guid.NewGuid(), new JsonObject { ["name"] = i == 7 ? new string('x', 161) : $"n{i}" }))
            .ToList();

        var results = await Task.WhenAll(writes.Select(w => writer.WriteAsync(w)));

        Assert.Equal(WriteStatus.Refused, results[7].Status);
        Assert.Equal(19, results.Count(r => r.Status == WriteStatus.Written));
    }

    [Fact]
    public async Task SeveralApplicationUsersEachKeepTheirOwnLimitAndTogetherGoFurther()
    {
        await using var dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:DopHint"] = "2",
            ["Emulator:Limits:MaxConcurrent"] = "2",
            ["Emulator:Faults:LatencyMilliseconds"] = "50",
        });
        var lanes = new[] { "user-a", "user-b" }.Select(user =>
        {
            var http = new HttpClient { BaseAddress = dataverse.Connection.WebApiBase };
            http.DefaultRequestHeaders.Add("X-Emulator-User", user);
            return new WriterLane(user, new DataverseClient(http));
        }).ToList();
        await using var writer = new BatchingDataverseWriter(lanes, new DataverseCapabilities(),
            Options.Create(new DataverseWriterOptions { MaxRecordsPerRequest = 5 }), NullLogger<BatchingDataverseWriter>.Instance);
        var writes = Enumerable.Range(0, 400).Select(i => new RowWrite(DataverseTables.Account, Guid.NewGuid(), new JsonObject { ["name"] = $"n{i}" })).ToList();

        var results = await Task.WhenAll(writes.Select(w => writer.WriteUntilDoneAsync(w)));

        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        var stats = await dataverse.StatsAsync();
        Assert.Equal(0, stats["throttled"]!.GetValue<long>());
        Assert.Equal(4, stats["maxConcurrent"]!.GetValue<int>());
    }
}
