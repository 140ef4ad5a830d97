using System.Threading.Channels;
using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>
/// The SQLite file. Reads use pooled connections and run in parallel (WAL); writes are queued to one
/// long-lived connection and applied in order by a single writer, which is how SQLite writes fastest.
/// </summary>
public sealed class EmulatorDatabase : IDisposable
{
    private const string VersionKey = "versionnumber";
    private const string Savepoint = "write";
    private const int MaxGroup = 500;

    private readonly string connectionString;
    private readonly SqliteConnection writer;
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writeLoop;
    private readonly Dictionary<string, SqliteCommand> writeCommands = new(StringComparer.Ordinal);
    private readonly DataverseSchema schema;
    private long lastVersion;
    private long savedVersion;

    public EmulatorDatabase(IOptions<EmulatorOptions> options, DataverseSchema schema)
    {
        this.schema = schema;
        DatabasePath = Path.GetFullPath(options.Value.DatabasePath);
        if (Path.GetDirectoryName(DatabasePath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        writer = new SqliteConnection(connectionString);
        writer.Open();
        // NORMAL is durable against a crash of this process in WAL mode; only a power cut can lose the last commits.
        Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;");
        SchemaDdl.Apply(writer, schema);
        lastVersion = savedVersion = LoadVersion();
        writeLoop = Task.Run(RunWritesAsync);
    }

    public string DatabasePath { get; }

    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in its own savepoint: it commits when it returns and rolls back alone when it throws.
    /// </summary>
    /// <remarks>
    /// Writes that arrive together share one transaction (group commit): each commit appends every page it
    /// touched to the WAL, so committing rows one by one would rewrite the same index pages thousands of times a second.
    /// </remarks>
    public async Task<T> WriteAsync<T>(Func<WriteSession, T> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(session => work(session), new(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(EmulatorDatabase));
        }

        return (T)(await pending.Completion.Task)!;
    }

    /// <summary>Deletes every row; the version counter keeps counting so etags are never reused.</summary>
    public Task ResetAsync(CancellationToken cancellationToken) =>
        WriteAsync(session =>
        {
            foreach (var table in schema.Tables)
            {
                Command(session.Transaction, $"DELETE FROM {StorageColumns.Quote(table.LogicalName)}").ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken);

    internal long NextVersion() => ++lastVersion;

    /// <summary>The newest row version of a committed write: a change-tracking token taken now misses no later commit.</summary>
    public long CommittedVersion => Volatile.Read(ref savedVersion);

    internal SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        if (!writeCommands.TryGetValue(sql, out var command))
        {
            command = writer.CreateCommand();
            command.CommandText = sql;
            writeCommands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        writeLoop.GetAwaiter().GetResult();
        foreach (var command in writeCommands.Values)
        {
            command.Dispose();
        }

        // Folding the WAL back into the database leaves one self-contained file behind.
        Execute(writer, "PRAGMA wal_checkpoint(TRUNCATE);");
        writer.Dispose();
        SqliteConnection.ClearPool(writer);
    }

    private async Task RunWritesAsync()
    {
        var group = new List<PendingWrite>();
        while (await queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            Commit(group);
        }
    }

    private void Commit(List<PendingWrite> group)
    {
        var succeeded = new List<(PendingWrite Write, object? Result)>(group.Count);
        try
        {
            using var transaction = writer.BeginTransaction();
            foreach (var pending in group)
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                    continue;
                }

                transaction.Save(Savepoint);
                try
                {
                    var result = pending.Work(new WriteSession(this, transaction));
                    transaction.Release(Savepoint);
                    succeeded.Add((pending, result));
                }
                catch (Exception exception)
                {
                    transaction.Rollback(Savepoint);
                    transaction.Release(Savepoint);
                    pending.Completion.TrySetException(exception);
                }
            }

            var version = lastVersion;
            SaveVersion(transaction, version);
            transaction.Commit();
            savedVersion = version;
        }
        catch (Exception exception)
        {
            // The transaction is gone, so no write of the group happened, whatever state each had reached.
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(exception);
            }

            return;
        }

        // Only now are the writes durable, so only now may their requests be answered.
        foreach (var (pending, result) in succeeded)
        {
            pending.Completion.TrySetResult(result);
        }
    }

    // The counter is kept apart from the rows so that deleting the newest row does not hand its version out again.
    private void SaveVersion(SqliteTransaction transaction, long version)
    {
        if (version == savedVersion)
        {
            return;
        }

        var command = Command(transaction, $"INSERT INTO {SchemaDdl.MetaTable} (key, value) VALUES ('{VersionKey}', @v) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        command.Parameters.Clear();
        command.Parameters.AddWithValue("@v", version);
        command.ExecuteNonQuery();
    }

    private long LoadVersion()
    {
        using var command = writer.CreateCommand();
        var maxima = schema.Tables.Select(table => $"(SELECT MAX({Row.VersionColumn}) FROM {StorageColumns.Quote(table.LogicalName)})");
        command.CommandText = $"SELECT MAX(COALESCE((SELECT value FROM {SchemaDdl.MetaTable} WHERE key = '{VersionKey}'), 0), {string.Join(", ", maxima.Select(max => $"COALESCE({max}, 0)"))})";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private sealed record PendingWrite(Func<WriteSession, object?> Work, TaskCompletionSource<object?> Completion, CancellationToken CancellationToken);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
