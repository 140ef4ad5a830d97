using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace CrmSync.Silo.Storage;

/// <summary>
/// One SQLite file in WAL mode: reads run concurrently on pooled connections, writes go through one
/// <see cref="SqliteWriteQueue"/>. WAL lets readers proceed while the writer commits.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            state_name TEXT NOT NULL,
            version    INTEGER NOT NULL,
            payload    BLOB,
            PRIMARY KEY (grain_type, grain_id, state_name));

        CREATE TABLE IF NOT EXISTS reminders (
            grain_id      TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            etag          TEXT NOT NULL,
            PRIMARY KEY (grain_id, reminder_name));

        CREATE INDEX IF NOT EXISTS reminders_by_grain_hash ON reminders (grain_hash);
        """;

    private readonly SqliteConnection _writeConnection;
    private readonly SqliteWriteQueue _writes;
    private readonly ConcurrentBag<SqliteStatements> _readers = [];
    private bool _disposed;

    private SqliteDatabase(string connectionString, SqliteSynchronousMode synchronous, SqliteConnection writeConnection, ILogger logger)
    {
        ConnectionString = connectionString;
        Synchronous = synchronous;
        _writeConnection = writeConnection;
        _writes = new SqliteWriteQueue(writeConnection, exception =>
            logger.LogError(exception, "A batch of writes to SQLite database {DataSource} failed and was rolled back.", writeConnection.DataSource));
    }

    public string ConnectionString { get; }

    public SqliteSynchronousMode Synchronous { get; }

    public static SqliteDatabase Open(string connectionString, SqliteSynchronousMode synchronous, ILogger logger)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(dataSource)!);

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var journalMode = Scalar(connection, "PRAGMA journal_mode = WAL");
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"SQLite database {dataSource} could not switch to WAL mode (it reports '{journalMode}'); put it on a local disk.");
            }

            // In WAL mode a commit has been handed to the OS (write() to the -wal file) before COMMIT returns,
            // so a killed process loses nothing that was acknowledged with either setting; FULL adds an fsync
            // of the WAL per commit for power loss. The setting is per connection, and only this one commits.
            Execute(connection, synchronous == SqliteSynchronousMode.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            Execute(connection, "PRAGMA busy_timeout = 30000");
            Execute(connection, Schema);
            return new SqliteDatabase(connectionString, synchronous, connection, logger);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Queues <paramref name="write"/>; the task completes once its transaction has committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriter, T> write) => _writes.Enqueue(write);

    /// <summary>
    /// Runs <paramref name="read"/> on a read connection of its own, taken from those this database keeps open with
    /// their statements prepared: opening a connection and compiling the statement cost more than most reads.
    /// </summary>
    public T Read<T>(Func<SqliteStatements, T> read)
    {
        if (!_readers.TryTake(out var reader))
        {
            var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            reader = new SqliteStatements(connection);
        }

        try
        {
            return read(reader);
        }
        finally
        {
            Return(reader);
        }
    }

    public void Dispose()
    {
        lock (_readers)
        {
            _disposed = true;
        }

        while (_readers.TryTake(out var reader))
        {
            Close(reader);
        }

        _writes.Dispose();
        _writeConnection.Dispose();
        using var pooled = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private void Return(SqliteStatements reader)
    {
        lock (_readers)
        {
            if (!_disposed)
            {
                _readers.Add(reader);
                return;
            }
        }

        Close(reader);
    }

    private static void Close(SqliteStatements reader)
    {
        reader.Dispose();
        reader.Connection.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
