using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CrmSync.EndToEnd.Tests;

/// <summary>The emulator enforces Dataverse's limits scaled down: 300 requests per 15 s and 8 at once per user.</summary>
public sealed class ThrottledDataverseFixture : CrmSyncSystemFixture
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Emulator__Limits__RequestsPerWindow"] = "300",
        ["Emulator__Limits__WindowSeconds"] = "15",
        // Dataverse does not report its window, so the writer is told (the limit it learns from the answers).
        ["CrmSync__Dataverse__RequestWindow"] = "00:00:15",
        ["Emulator__Limits__MaxConcurrent"] = "8",
        ["Emulator__DopHint"] = "8",
    };
}

public sealed class DataverseLimitsTests(ThrottledDataverseFixture fixture, ITestOutputHelper output) : IClassFixture<ThrottledDataverseFixture>
{
    private const int Records = 5000;
    private const int VersionsPerRecord = 4;
    private const int ChangesPerRequest = 100;

    [Fact]
    public async Task TwentyThousandChangesForFiveThousandRecordsAllLandWithinTheLimitsInFewRequests()
    {
        var system = fixture.System;
        system.ShowOutputIn(output);
        var changes = Enumerable.Range(0, Records)
            .SelectMany(r => Enumerable.Range(1, VersionsPerRecord).Select(v => GenericChange.Account($"L-{r}", v, new { name = $"v{v}", description = $"record {r}" })))
            .OrderBy(_ => Random.Shared.Next())
            .Chunk(ChangesPerRequest)
            .ToList();

        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(changes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, _) =>
        {
            var (response, _) = await system.Webhooks.DeliverAsync(WebhookMessage.Of(batch), TimeSpan.FromMinutes(2));
            Assert.True(response.IsSuccess, response.ToString());
        });
        var acknowledged = DateTime.UtcNow - started;

        // Read with an identity of its own, so the test's reads neither count against nor are refused by the writer's limits.
        using var reader = new HttpClient { BaseAddress = new Uri(system.DataverseUrl, "/api/data/v9.2/") };
        reader.DefaultRequestHeaders.Add("X-Emulator-User", "test-reader");
        var readerRequests = 0;
        var rows = await Eventually.MatchesAsync(
            async () =>
            {
                var found = await NewestRowsAsync(reader);
                readerRequests += found.Requests;
                return found;
            },
            found => found.Count == Records,
            $"all {Records} records at their newest version",
            TimeSpan.FromMinutes(3),
            found => $"{found.Count} of {Records} records are at their newest version");
        var landed = DateTime.UtcNow - started;
        var stats = await system.Dataverse.StatsAsync();

        var writerRequests = stats.Requests - readerRequests;
        var recordsPerRequest = (double)stats.RecordsWritten / writerRequests;
        output.WriteLine($"{Records * VersionsPerRecord} changes for {Records} records: acknowledged in {acknowledged.TotalSeconds:0.0} s, all rows at their newest version after {landed.TotalSeconds:0.0} s; "
            + $"Dataverse saw {writerRequests} requests from the writer, {stats.RecordsWritten} row writes ({recordsPerRequest:0.0} per request), {stats.Throttled} throttled, at most {stats.MaxConcurrent} at once.");
        Assert.Equal(Records, rows.Ids.Distinct().Count());
        Assert.True(stats.MaxConcurrent <= 8, $"the emulator saw {stats.MaxConcurrent} concurrent requests; the limit is 8");
        Assert.True(recordsPerRequest >= 50, $"the writer averaged {recordsPerRequest:0.0} records per request");
    }

    private static async Task<(int Count, List<string> Ids, int Requests)> NewestRowsAsync(HttpClient reader)
    {
        var ids = new List<string>();
        var requests = 0;
        string? next = $"accounts?$select=msdyn_source_crm_id&$filter=name eq 'v{VersionsPerRecord}' and startswith(msdyn_source_crm_id,'L-')";
        while (next is not null)
        {
            var page = (await reader.GetFromJsonAsync<JsonObject>(next))!;
            requests++;
            ids.AddRange(page["value"]!.AsArray().Select(row => row!["msdyn_source_crm_id"]!.GetValue<string>()));
            next = page["@odata.nextLink"]?.GetValue<string>();
        }

        return (ids.Count, ids, requests);
    }
}
