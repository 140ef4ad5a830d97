using System.Text.Json.Nodes;

namespace CrmSync.Dataverse.Tests;

public sealed class DataverseEditGuardTests : IAsyncLifetime
{
    private EmulatorFixture _dataverse = null!;

    private DataverseClient Client => _dataverse.Client;

    public async Task InitializeAsync() => _dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?> { ["Emulator:DopHint"] = "1" });

    public async Task DisposeAsync() => await _dataverse.DisposeAsync();

    [Fact]
    public async Task AWriteAnswersTheRowsNewETagAndAWriteOnItSucceeds()
    {
        var id = Guid.NewGuid();

        var created = await Client.WriteAsync(Account(id, "First"));
        var updated = await Client.WriteAsync(Account(id, "Second", created.ETag));

        Assert.Equal((WriteStatus.Written, WriteStatus.Written), (created.Status, updated.Status));
        Assert.Matches("^W/\"[0-9]+\"$", created.ETag);
        Assert.NotEqual(created.ETag, updated.ETag);
        Assert.Equal(updated.ETag, (string?)(await Client.GetAsync(DataverseTables.Account, id))!["@odata.etag"]);
    }

    [Fact]
    public async Task AWriteOnAnETagThatDataverseEditedSinceIsAnEditAndChangesNothing()
    {
        var id = Guid.NewGuid();
        var written = await Client.WriteAsync(Account(id, "CrmSync"));
        await Client.UpsertAsync(DataverseTables.Account, id, new JsonObject { ["name"] = "Edited" });

        var result = await Client.WriteAsync(Account(id, "Newer", written.ETag));

        Assert.Equal(WriteStatus.EditedInDataverse, result.Status);
        Assert.StartsWith($"412 {DataverseError.ConcurrencyVersionMismatch}", result.Error);
        Assert.Equal("Edited", (string?)(await Client.GetAsync(DataverseTables.Account, id))!["name"]);
    }

    [Fact]
    public async Task AGuardedWriteOfARowDeletedInDataverseIsAnEditAndDoesNotRecreateIt()
    {
        var id = Guid.NewGuid();
        var written = await Client.WriteAsync(Account(id, "CrmSync"));
        await Client.DeleteAsync(DataverseTables.Account, id);

        var result = await Client.WriteAsync(Account(id, "Newer", written.ETag));

        Assert.Equal(WriteStatus.EditedInDataverse, result.Status);
        Assert.Null(await Client.GetAsync(DataverseTables.Account, id));
    }

    [Fact]
    public async Task AGuardedDeleteOfAnEditedRowIsAnEditAndDeletesNothing()
    {
        var id = Guid.NewGuid();
        var written = await Client.WriteAsync(Account(id, "CrmSync"));
        await Client.UpsertAsync(DataverseTables.Account, id, new JsonObject { ["name"] = "Edited" });

        var result = await Client.WriteAsync(new RowWrite(DataverseTables.Account, id, Body: null, written.ETag));

        Assert.Equal(WriteStatus.EditedInDataverse, result.Status);
        Assert.NotNull(await Client.GetAsync(DataverseTables.Account, id));
    }

    [Fact]
    public async Task InABatchAnEditedRowIsAnEditWhileItsNeighboursAreWrittenWithTheirNewETags()
    {
        await using var writer = _dataverse.NewWriter();
        var ids = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        var first = await Task.WhenAll(ids.Select((id, i) => writer.WriteAsync(Account(id, $"v1-{i}"))));
        await Client.UpsertAsync(DataverseTables.Account, ids[3], new JsonObject { ["name"] = "Edited" });
        var requestsBefore = (await _dataverse.StatsAsync())["requests"]!.GetValue<long>();

        var second = await Task.WhenAll(ids.Select((id, i) => writer.WriteAsync(Account(id, $"v2-{i}", first[i].ETag))));

        var requests = (await _dataverse.StatsAsync())["requests"]!.GetValue<long>() - requestsBefore;
        Assert.All(first, result => Assert.Equal(WriteStatus.Written, result.Status));
        Assert.Equal(WriteStatus.EditedInDataverse, second[3].Status);
        Assert.Equal(9, second.Count(result => result.Status == WriteStatus.Written));
        var rows = await Task.WhenAll(ids.Select(id => Client.GetAsync(DataverseTables.Account, id)));
        Assert.Equal("Edited", (string?)rows[3]!["name"]);
        Assert.All(Enumerable.Range(0, 10).Where(i => i != 3), i =>
            Assert.Equal(($"v2-{i}", second[i].ETag), ((string?)rows[i]!["name"], (string?)rows[i]!["@odata.etag"])));
        Assert.InRange(requests, 1, 4);
    }

    [Fact]
    public async Task FirstWritesGoInBulkWithoutVersionsAndTheRowsNextWritesLearnThem()
    {
        await using var writer = _dataverse.NewWriter();
        var ids = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();

        var first = await Task.WhenAll(ids.Select(id => writer.WriteAsync(Account(id, "v1") with { FirstWrite = true })));
        var next = await Task.WhenAll(ids.Select(id => writer.WriteAsync(Account(id, "v2"))));

        Assert.All(first, result => Assert.Equal(WriteStatus.Written, result.Status));
        Assert.True(first.Count(result => result.ETag is null) >= 8, "UpsertMultiple answers no versions");
        Assert.All(next, result => Assert.Matches("^W/\"[0-9]+\"$", result.ETag));
    }

    private static RowWrite Account(Guid id, string name, string? etag = null) =>
        new(DataverseTables.Account, id, new JsonObject { ["name"] = name }, etag);
}
