using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmSync.Silo.Tests;

public sealed class SqliteWriteQueueTests : IDisposable
{
    private readonly SqliteTestDatabase _files = new();
    private readonly SqliteDatabase _database;

    public SqliteWriteQueueTests()
    {
        _database = SqliteDatabase.Open($"Data Source={_files.Path}", SqliteSynchronousMode.Full, NullLogger.Instance);
    }

    [Fact]
    public async Task WriteThatThrowsIsUndoneAloneAndItsBatchStillCommits()
    {
        using var holdWriter = new ManualResetEventSlim();
        var blocker = _database.WriteAsync(_ => holdWriter.Wait(TimeSpan.FromSeconds(10)));
        var before = _database.WriteAsync(writer => Insert(writer, "before"));
        var failing = _database.WriteAsync<int>(writer =>
        {
            Insert(writer, "failing");
            throw new InvalidOperationException("boom");
        });
        var after = _database.WriteAsync(writer => Insert(writer, "after"));
        holdWriter.Set();

        await Task.WhenAll(blocker, before, after);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        Assert.Equal("boom", failure.Message);
        Assert.Equal(["after", "before"], Names());
    }

    [Fact]
    public async Task WritesQueuedBeforeCloseAreCommitted()
    {
        var writes = Enumerable.Range(0, 100).Select(i => _database.WriteAsync(writer => Insert(writer, $"w{i:D3}"))).ToArray();

        _database.Dispose();
        await Task.WhenAll(writes);

        using var reopened = SqliteDatabase.Open($"Data Source={_files.Path}", SqliteSynchronousMode.Full, NullLogger.Instance);
        Assert.Equal(100, reopened.Read(statements => Count(statements.Connection)));
    }

    public void Dispose()
    {
        _database.Dispose();
        _files.Dispose();
    }

    private static int Insert(SqliteWriter writer, string name)
    {
        var command = writer.Command("INSERT INTO grain_state (grain_type, grain_id, state_name, version) VALUES ('t', $id, 's', 1)");
        command.Parameters.AddWithValue("$id", name);
        return command.ExecuteNonQuery();
    }

    private string[] Names() => _database.Read(statements =>
    {
        using var reader = statements.Command("SELECT grain_id FROM grain_state ORDER BY grain_id").ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names.ToArray();
    });

    private static int Count(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state";
        return Convert.ToInt32(command.ExecuteScalar());
    }
}
