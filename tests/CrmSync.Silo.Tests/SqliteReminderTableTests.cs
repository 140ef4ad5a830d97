namespace CrmSync.Silo.Tests;

public sealed class SqliteReminderTableTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("record", "zendesk/contact/42");

    private readonly SqliteTestDatabase _database = new();

    [Fact]
    public async Task UpsertedReminderReadsBackByGrainAndByName()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        var entry = Reminder(Grain, "resume", new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), TimeSpan.FromMinutes(1));

        var etag = await table.UpsertRow(entry);
        var row = await table.ReadRow(Grain, "resume");
        var rows = await table.ReadRows(Grain);

        Assert.NotNull(row);
        Assert.Equal((Grain, "resume", entry.StartAt, entry.Period, etag), (row.GrainId, row.ReminderName, row.StartAt, row.Period, row.ETag));
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal("resume", Assert.Single(rows.Reminders).ReminderName);
    }

    [Fact]
    public async Task UnknownReminderReadsAsNull()
    {
        using var providers = _database.Open();
        var table = await Started(providers);

        Assert.Null(await table.ReadRow(Grain, "nothing"));
        Assert.Empty((await table.ReadRows(Grain)).Reminders);
    }

    [Fact]
    public async Task UpsertOfSameReminderReplacesItWithANewETag()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        var first = await table.UpsertRow(Reminder(Grain, "resume", DateTime.UtcNow, TimeSpan.FromMinutes(1)));

        var second = await table.UpsertRow(Reminder(Grain, "resume", DateTime.UtcNow, TimeSpan.FromMinutes(5)));
        var row = Assert.Single((await table.ReadRows(Grain)).Reminders);

        Assert.NotEqual(first, second);
        Assert.Equal((second, TimeSpan.FromMinutes(5)), (row.ETag, row.Period));
    }

    [Fact]
    public async Task RemoveWithStaleETagKeepsTheReminder()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        var stale = await table.UpsertRow(Reminder(Grain, "resume", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        await table.UpsertRow(Reminder(Grain, "resume", DateTime.UtcNow, TimeSpan.FromMinutes(2)));

        Assert.False(await table.RemoveRow(Grain, "resume", stale!));
        Assert.NotNull(await table.ReadRow(Grain, "resume"));
    }

    [Fact]
    public async Task RemoveWithCurrentETagDeletesTheReminderOnce()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        var etag = await table.UpsertRow(Reminder(Grain, "resume", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        await table.UpsertRow(Reminder(Grain, "other", DateTime.UtcNow, TimeSpan.FromMinutes(1)));

        Assert.True(await table.RemoveRow(Grain, "resume", etag!));
        Assert.False(await table.RemoveRow(Grain, "resume", etag!));
        Assert.Null(await table.ReadRow(Grain, "resume"));
        Assert.NotNull(await table.ReadRow(Grain, "other"));
    }

    [Fact]
    public async Task RangeReadExcludesBeginAndIncludesEnd()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        var byHash = await UpsertGrainsSortedByHash(table, 40);

        var rows = await table.ReadRows(byHash[10].GetUniformHashCode(), byHash[20].GetUniformHashCode());

        Assert.Equal(byHash[11..21].ToHashSet(), Grains(rows));
    }

    [Fact]
    public async Task RangeReadWithBeginAfterEndWrapsAroundTheRing()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        var byHash = await UpsertGrainsSortedByHash(table, 40);

        var rows = await table.ReadRows(byHash[30].GetUniformHashCode(), byHash[5].GetUniformHashCode());

        Assert.Equal(byHash[31..].Concat(byHash[..6]).ToHashSet(), Grains(rows));
    }

    [Fact]
    public async Task RangeReadWithBeginEqualToEndCoversTheWholeRing()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        var byHash = await UpsertGrainsSortedByHash(table, 40);

        var rows = await table.ReadRows(byHash[7].GetUniformHashCode(), byHash[7].GetUniformHashCode());

        Assert.Equal(byHash.ToHashSet(), Grains(rows));
    }

    [Fact]
    public async Task RangeReadCoversTheTopAndBottomOfTheHashSpace()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        var byHash = await UpsertGrainsSortedByHash(table, 40);

        var whole = await table.ReadRows(0u, uint.MaxValue);
        var upperHalf = await table.ReadRows(uint.MaxValue / 2, uint.MaxValue);

        Assert.Equal(byHash.Where(g => g.GetUniformHashCode() != 0).ToHashSet(), Grains(whole));
        Assert.Equal(byHash.Where(g => g.GetUniformHashCode() > uint.MaxValue / 2).ToHashSet(), Grains(upperHalf));
    }

    [Fact]
    public async Task TestOnlyClearTableRemovesEveryReminder()
    {
        using var providers = _database.Open();
        var table = await Started(providers);
        await UpsertGrainsSortedByHash(table, 5);

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0u, 0u)).Reminders);
    }

    [Fact]
    public async Task RemindersSurviveAProviderRestart()
    {
        string? etag;
        using (var providers = _database.Open())
        {
            etag = await (await Started(providers)).UpsertRow(Reminder(Grain, "resume", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        }

        using var restarted = _database.Open();
        var row = await (await Started(restarted)).ReadRow(Grain, "resume");

        Assert.Equal(etag, row?.ETag);
    }

    public void Dispose() => _database.Dispose();

    private static async Task<IReminderTable> Started(SqliteProviders providers)
    {
        var table = providers.ReminderTable;
        await table.StartAsync(CancellationToken.None);
        return table;
    }

    private static ReminderEntry Reminder(GrainId grainId, string name, DateTime startAt, TimeSpan period) =>
        new() { GrainId = grainId, ReminderName = name, StartAt = startAt, Period = period };

    private static async Task<GrainId[]> UpsertGrainsSortedByHash(IReminderTable table, int count)
    {
        var grains = Enumerable.Range(0, count)
            .Select(i => GrainId.Create("record", $"hubspot/contact/{i}"))
            .OrderBy(g => g.GetUniformHashCode())
            .ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Reminder(grain, "resume", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        }

        return grains;
    }

    private static HashSet<GrainId> Grains(ReminderTableData rows) => rows.Reminders.Select(r => r.GrainId).ToHashSet();
}
