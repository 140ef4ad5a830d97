using System.Diagnostics;
using Xunit.Abstractions;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// Bulk loads of the size a sync sends, in parallel: every row lands, and a second pass updates every one of them.
/// Rates are printed for the curious but not asserted; how fast the system writes is measured by bench/ (issue 6).
/// </summary>
public sealed class BulkLoadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(100, 4)]
    [InlineData(1000, 4)]
    public async Task ParallelUpsertMultipleRequestsCreateThenUpdateEveryRow(int batchSize, int parallelism)
    {
        const int Records = 20_000;
        await using var emulator = await TestEmulator.StartAsync();
        var creates = Enumerable.Range(0, Records / batchSize).Select(batch => Body(batch, batchSize, version: 1)).ToList();
        var updates = Enumerable.Range(0, Records / batchSize).Select(batch => Body(batch, batchSize, version: 2)).ToList();

        var created = await PostAllAsync(emulator, creates, parallelism);
        var updated = await PostAllAsync(emulator, updates, parallelism);

        Assert.Equal(2 * Records, (long)(await emulator.GetStatsAsync())["recordsWritten"]!);
        foreach (var id in new[] { 0, Records / 2, Records - 1 })
        {
            using var row = await emulator.Client.GetAsync(Rows.AccountByKey($"load-{id}") + "?$select=name");
            Assert.Equal(HttpStatusCode.OK, row.StatusCode);
            Assert.Equal($"Account {id} v2", (string?)JsonNode.Parse(await row.Content.ReadAsStringAsync())!["name"]);
        }

        output.WriteLine($"UpsertMultiple, {batchSize} per request, {parallelism} in parallel: " +
            $"create {Records / created.TotalSeconds:F0} records/s, update {Records / updated.TotalSeconds:F0} records/s");
    }

    [Fact]
    public async Task BatchesOfAThousandUpsertsWithContinueOnErrorWriteEveryRow()
    {
        const int Records = 10_000;
        await using var emulator = await TestEmulator.StartAsync();
        var batches = Enumerable.Range(0, Records / 1000).Select(batch =>
        {
            var builder = new BatchBuilder();
            for (var index = 0; index < 1000; index++)
            {
                var id = batch * 1000 + index;
                builder.Add("PATCH", Rows.AccountByKey($"batch-{id}"), $$"""{"name":"Account {{id}}","telephone1":"+1 555 0100","numberofemployees":{{id}}}""");
            }

            return builder;
        }).ToList();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "$batch") { Content = batch.Build() };
            request.Headers.Add("Prefer", "odata.continue-on-error");
            using var response = await emulator.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        Assert.Equal(Records, (long)(await emulator.GetStatsAsync())["recordsWritten"]!);
        output.WriteLine($"$batch of 1000 upserts, 4 in parallel: {Records / clock.Elapsed.TotalSeconds:F0} records/s");
    }

    private static async Task<TimeSpan> PostAllAsync(TestEmulator emulator, IReadOnlyList<string> bodies, int parallelism)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (body, _) =>
        {
            using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", body);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        });
        return clock.Elapsed;
    }

    private static string Body(int batch, int size, int version)
    {
        var targets = new JsonArray();
        for (var index = 0; index < size; index++)
        {
            var id = batch * size + index;
            targets.Add(new JsonObject
            {
                ["@odata.type"] = "Microsoft.Dynamics.CRM.account",
                ["@odata.id"] = Rows.AccountByKey($"load-{id}"),
                ["name"] = $"Account {id} v{version}",
                ["telephone1"] = "+1 555 0100",
                ["emailaddress1"] = $"account{id}@example.com",
                ["address1_city"] = "Oslo",
                ["numberofemployees"] = id,
                ["msdyn_source_crm_url"] = $"https://crm.example.com/accounts/{id}",
            });
        }

        return new JsonObject { ["Targets"] = targets }.ToJsonString();
    }
}
