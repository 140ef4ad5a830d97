using System.Text.Json.Nodes;

namespace CrmSync.Dataverse.Tests;

public sealed class DataverseClientTests : IAsyncLifetime
{
    private EmulatorFixture _dataverse = null!;

    private DataverseClient Client => _dataverse.Client;

    public async Task InitializeAsync() => _dataverse = await EmulatorFixture.StartAsync();

    public async Task DisposeAsync() => await _dataverse.DisposeAsync();

    [Fact]
    public async Task UpsertCreatesThenUpdatesTheSameRow()
    {
        var id = Guid.NewGuid();
        Assert.Equal(WriteStatus.Written, (await Client.UpsertAsync(DataverseTables.Account, id, Account("First"))).Status);
        Assert.Equal(WriteStatus.Written, (await Client.UpsertAsync(DataverseTables.Account, id, Account("Second"))).Status);

        Assert.Equal("Second", (await Client.GetAsync(DataverseTables.Account, id))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeletingARowThatIsGoneCountsAsWritten()
    {
        var id = Guid.NewGuid();
        await Client.UpsertAsync(DataverseTables.Account, id, Account("Doomed"));
        Assert.Equal(WriteStatus.Written, (await Client.DeleteAsync(DataverseTables.Account, id)).Status);
        Assert.Equal(WriteStatus.Written, (await Client.DeleteAsync(DataverseTables.Account, id)).Status);
        Assert.Null(await Client.GetAsync(DataverseTables.Account, id));
    }

    [Fact]
    public async Task AValueDataverseRefusesIsRefusedWithItsCode()
    {
        var result = await Client.UpsertAsync(DataverseTables.Account, Guid.NewGuid(), Account(new string('x', 161)));
        Assert.Equal(WriteStatus.Refused, result.Status);
        Assert.StartsWith("400 0x", result.Error);
    }

    [Fact]
    public async Task ABindToAMissingAccountIsAMissingParent()
    {
        var contact = new JsonObject { ["lastname"] = "Orphan", [DataverseTables.ContactParentAccountBind] = $"/accounts({Guid.NewGuid()})" };
        var result = await Client.UpsertAsync(DataverseTables.Contact, Guid.NewGuid(), contact);
        Assert.Equal(WriteStatus.MissingParent, result.Status);
        Assert.Contains(DataverseError.RecordNotFoundById, result.Error);
    }

    [Fact]
    public async Task UpsertMultipleWritesEveryRow()
    {
        var writes = Enumerable.Range(0, 50).Select(i => new RowWrite(DataverseTables.Account, Guid.NewGuid(), Account($"Bulk {i}"))).ToList();
        Assert.Equal(WriteStatus.Written, (await Client.UpsertMultipleAsync(DataverseTables.Account, writes)).Status);
        foreach (var write in writes)
        {
            Assert.NotNull(await Client.GetAsync(DataverseTables.Account, write.RowId));
        }
    }

    [Fact]
    public async Task UpsertMultipleWithOneBadRowWritesNone()
    {
        var good = new RowWrite(DataverseTables.Account, Guid.NewGuid(), Account("Good"));
        var bad = new RowWrite(DataverseTables.Account, Guid.NewGuid(), Account(new string('x', 161)));
        Assert.Equal(WriteStatus.Refused, (await Client.UpsertMultipleAsync(DataverseTables.Account, [good, bad])).Status);
        Assert.Null(await Client.GetAsync(DataverseTables.Account, good.RowId));
    }

    [Fact]
    public async Task BatchTellsEachRowItsOwnOutcomeAndWritesTheGoodOnes()
    {
        var good = new RowWrite(DataverseTables.Account, Guid.NewGuid(), Account("Good"));
        var bad = new RowWrite(DataverseTables.Account, Guid.NewGuid(), Account(new string('x', 161)));
        var orphan = new RowWrite(DataverseTables.Contact, Guid.NewGuid(), new JsonObject { ["lastname"] = "O", [DataverseTables.ContactParentAccountBind] = $"/accounts({Guid.NewGuid()})" });
        var gone = new RowWrite(DataverseTables.Account, Guid.NewGuid(), null);
        var alsoGood = new RowWrite(DataverseTables.Account, Guid.NewGuid(), Account("Also good"));

        var results = await Client.BatchAsync([good, bad, orphan, gone, alsoGood]);

        Assert.Equal([WriteStatus.Written, WriteStatus.Refused, WriteStatus.MissingParent, WriteStatus.Written, WriteStatus.Written], results.Select(r => r.Status));
        Assert.NotNull(await Client.GetAsync(DataverseTables.Account, good.RowId));
        Assert.NotNull(await Client.GetAsync(DataverseTables.Account, alsoGood.RowId));
    }

    [Fact]
    public async Task WhoAmIReportsTheServersDopHint()
    {
        var (user, hint, _) = await Client.WhoAmIAsync();
        Assert.NotEqual(Guid.Empty, user);
        Assert.Equal(8, hint);
    }

    private static JsonObject Account(string name) => new() { ["name"] = name, [DataverseTables.SourceCrm] = 192350004, [DataverseTables.SourceCrmId] = name.Length > 20 ? "long" : name };
}
