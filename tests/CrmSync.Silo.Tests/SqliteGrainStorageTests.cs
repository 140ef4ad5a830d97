using System.Diagnostics.CodeAnalysis;

namespace CrmSync.Silo.Tests;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("record", "salesforce/account/001");

    private readonly SqliteTestDatabase _database = new();

    [Fact]
    public async Task WrittenStateReadsBackWithTheETagTheWriteReturned()
    {
        using var providers = _database.Open();
        var written = await Write(providers.GrainStorage, "state", Grain, new TestState { Name = "Contoso", Count = 3 });

        var read = await Read(providers.GrainStorage, "state", Grain);

        Assert.True(read.RecordExists);
        Assert.Equal(("Contoso", 3), (read.State.Name, read.State.Count));
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task StateNeverWrittenReadsAsNewStateWithoutETag()
    {
        using var providers = _database.Open();

        var read = await Read(providers.GrainStorage, "state", Grain);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Equal(0, read.State.Count);
    }

    [Fact]
    public async Task WriteWithStaleETagThrowsInconsistentStateAndKeepsTheNewerState()
    {
        using var providers = _database.Open();
        var first = await Write(providers.GrainStorage, "state", Grain, new TestState { Count = 1 });
        var staleETag = first.ETag;
        await providers.GrainStorage.WriteStateAsync("state", Grain, first.With(s => s.Count = 2));

        var stale = new TestGrainState(new TestState { Count = 99 }, staleETag);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => providers.GrainStorage.WriteStateAsync("state", Grain, stale));

        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Equal(2, (await Read(providers.GrainStorage, "state", Grain)).State.Count);
    }

    [Fact]
    public async Task FirstWriteOfStateAnotherWriterCreatedThrowsInconsistentState()
    {
        using var providers = _database.Open();
        await Write(providers.GrainStorage, "state", Grain, new TestState { Count = 1 });

        var unaware = new TestGrainState(new TestState { Count = 2 });

        await Assert.ThrowsAsync<InconsistentStateException>(() => providers.GrainStorage.WriteStateAsync("state", Grain, unaware));
    }

    [Fact]
    public async Task ETagNotIssuedByThisStorageThrowsInconsistentState()
    {
        using var providers = _database.Open();
        await Write(providers.GrainStorage, "state", Grain, new TestState { Count = 1 });

        var foreign = new TestGrainState(new TestState(), "W/\"etag-from-elsewhere\"");

        await Assert.ThrowsAsync<InconsistentStateException>(() => providers.GrainStorage.WriteStateAsync("state", Grain, foreign));
    }

    [Fact]
    public async Task ClearedStateReadsAsNewStateAndResetsTheGrainsCopy()
    {
        using var providers = _database.Open();
        var state = await Write(providers.GrainStorage, "state", Grain, new TestState { Name = "gone", Count = 5 });

        await providers.GrainStorage.ClearStateAsync("state", Grain, state);
        var read = await Read(providers.GrainStorage, "state", Grain);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Count);
        Assert.False(read.RecordExists);
        Assert.Equal("", read.State.Name);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearWithStaleETagThrowsInconsistentStateAndKeepsTheState()
    {
        using var providers = _database.Open();
        var first = await Write(providers.GrainStorage, "state", Grain, new TestState { Count = 1 });
        var stale = new TestGrainState(new TestState(), first.ETag);
        await providers.GrainStorage.WriteStateAsync("state", Grain, first.With(s => s.Count = 2));

        await Assert.ThrowsAsync<InconsistentStateException>(() => providers.GrainStorage.ClearStateAsync("state", Grain, stale));

        Assert.Equal(2, (await Read(providers.GrainStorage, "state", Grain)).State.Count);
    }

    [Fact]
    public async Task ETagFromBeforeAClearCannotWriteAfterIt()
    {
        using var providers = _database.Open();
        var before = await Write(providers.GrainStorage, "state", Grain, new TestState { Count = 1 });
        var staleCopy = new TestGrainState(new TestState { Count = 7 }, before.ETag);
        await providers.GrainStorage.ClearStateAsync("state", Grain, before);

        await Assert.ThrowsAsync<InconsistentStateException>(() => providers.GrainStorage.WriteStateAsync("state", Grain, staleCopy));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            providers.GrainStorage.WriteStateAsync("state", Grain, new TestGrainState(new TestState { Count = 8 })));
        await providers.GrainStorage.WriteStateAsync("state", Grain, before.With(s => s.Count = 9));
        Assert.Equal(9, (await Read(providers.GrainStorage, "state", Grain)).State.Count);
    }

    [Fact]
    public async Task ClearOfStateNeverWrittenSucceedsWithoutETag()
    {
        using var providers = _database.Open();
        var state = new TestGrainState(new TestState());

        await providers.GrainStorage.ClearStateAsync("state", Grain, state);

        Assert.Null(state.ETag);
        Assert.False((await Read(providers.GrainStorage, "state", Grain)).RecordExists);
    }

    [Fact]
    public async Task StatesAreKeptApartByGrainTypeGrainIdAndStateName()
    {
        using var providers = _database.Open();
        var sameKeyOtherType = GrainId.Create("job", Grain.Key.ToString()!);
        var sameTypeOtherKey = GrainId.Create("record", "salesforce/account/002");
        await Write(providers.GrainStorage, "state", Grain, new TestState { Name = "a" });
        await Write(providers.GrainStorage, "other", Grain, new TestState { Name = "b" });
        await Write(providers.GrainStorage, "state", sameKeyOtherType, new TestState { Name = "c" });
        await Write(providers.GrainStorage, "state", sameTypeOtherKey, new TestState { Name = "d" });

        var names = new[]
        {
            (await Read(providers.GrainStorage, "state", Grain)).State.Name,
            (await Read(providers.GrainStorage, "other", Grain)).State.Name,
            (await Read(providers.GrainStorage, "state", sameKeyOtherType)).State.Name,
            (await Read(providers.GrainStorage, "state", sameTypeOtherKey)).State.Name,
        };

        Assert.Equal(["a", "b", "c", "d"], names);
    }

    [Fact]
    public async Task StateAndETagSurviveAProviderRestart()
    {
        TestGrainState written;
        using (var providers = _database.Open())
        {
            written = await Write(providers.GrainStorage, "state", Grain, new TestState { Name = "kept", Count = 4 });
        }

        using var restarted = _database.Open();
        var read = await Read(restarted.GrainStorage, "state", Grain);
        var (name, count, etag) = (read.State.Name, read.State.Count, read.ETag);
        await restarted.GrainStorage.WriteStateAsync("state", Grain, read.With(s => s.Count = 5));

        Assert.Equal(("kept", 4, written.ETag), (name, count, etag));
        Assert.Equal(5, (await Read(restarted.GrainStorage, "state", Grain)).State.Count);
    }

    [Fact]
    public async Task StateIsStoredInOrleansBinaryFormatBehindItsMarker()
    {
        using var providers = _database.Open();
        await Write(providers.GrainStorage, "state", Grain, new TestState { Name = "binary", Count = 2 });

        var read = await Read(providers.GrainStorage, "state", Grain);

        Assert.Equal([BinaryGrainStorageSerializer.Marker], _database.PayloadFirstBytes());
        Assert.Equal(("binary", 2), (read.State.Name, read.State.Count));
    }

    [Fact]
    public async Task StateStoredAsJsonByAnEarlierVersionStillReadsAndIsRewrittenAsBinary()
    {
        using (var earlier = _database.Open(storesJson: true))
        {
            await Write(earlier.GrainStorage, "state", Grain, new TestState { Name = "from JSON", Count = 6 });
        }

        Assert.Equal([(byte)'{'], _database.PayloadFirstBytes());

        using var upgraded = _database.Open();
        var read = await Read(upgraded.GrainStorage, "state", Grain);
        var (name, count) = (read.State.Name, read.State.Count);
        await upgraded.GrainStorage.WriteStateAsync("state", Grain, read.With(s => s.Count = 7));

        Assert.Equal(("from JSON", 6), (name, count));
        Assert.Equal([BinaryGrainStorageSerializer.Marker], _database.PayloadFirstBytes());
        Assert.Equal(7, (await Read(upgraded.GrainStorage, "state", Grain)).State.Count);
    }

    [Fact]
    public async Task WriteThatReturnedIsInTheFilesWithoutAnOrderlyShutdown()
    {
        using var providers = _database.Open();
        await Write(providers.GrainStorage, "state", Grain, new TestState { Name = "acknowledged" });

        using var leftBehind = _database.CopyFilesAsTheyAre();
        using var reopened = leftBehind.Open();

        Assert.Equal("acknowledged", (await Read(reopened.GrainStorage, "state", Grain)).State.Name);
    }

    [Fact]
    public async Task ConcurrentWritesOfManyGrainsAllCommitInOrderPerGrain()
    {
        const int grains = 1000;
        const int writesPerGrain = 5;
        using (var providers = _database.Open())
        {
            var storage = providers.GrainStorage;
            await Task.WhenAll(Enumerable.Range(0, grains).Select(i => Task.Run(async () =>
            {
                var state = new TestGrainState(new TestState { Name = $"grain {i}" });
                for (var n = 1; n <= writesPerGrain; n++)
                {
                    state.State.Count = n;
                    await storage.WriteStateAsync("state", GrainId.Create("load", $"{i}"), state);
                }
            })));
        }

        using var reopened = _database.Open();
        var counts = await Task.WhenAll(Enumerable.Range(0, grains).Select(async i =>
            (await Read(reopened.GrainStorage, "state", GrainId.Create("load", $"{i}"))).State.Count));

        Assert.All(counts, count => Assert.Equal(writesPerGrain, count));
    }

    public void Dispose() => _database.Dispose();

    private static async Task<TestGrainState> Write(IGrainStorage storage, string stateName, GrainId grainId, TestState value)
    {
        var state = new TestGrainState(value);
        await storage.WriteStateAsync(stateName, grainId, state);
        return state;
    }

    private static async Task<TestGrainState> Read(IGrainStorage storage, string stateName, GrainId grainId)
    {
        var state = new TestGrainState();
        await storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }
}

/// <summary>What a grain's <c>IPersistentState</c> hands to its storage provider.</summary>
internal sealed class TestGrainState(TestState? state = null, string? etag = null) : IGrainState<TestState>
{
    private TestState _state = state ?? new();

    [AllowNull]
    public TestState State
    {
        get => _state;
        set => _state = value!;
    }

    public string? ETag { get; set; } = etag;

    public bool RecordExists { get; set; }

    public TestGrainState With(Action<TestState> change)
    {
        change(State);
        return this;
    }
}
