using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace CrmSync.Silo.Storage;

/// <summary>
/// Runs every write of one database file on one connection and thread, and commits whatever is queued
/// when the previous commit ends in one transaction (group commit): many grains awaiting their own
/// durable write share one commit and its fsync. Each write runs inside a savepoint, so a write that
/// throws is undone alone and its neighbours still commit. A write's task completes only after its
/// transaction has committed.
/// </summary>
internal sealed class SqliteWriteQueue : IDisposable
{
    private const int MaxBatchSize = 512;

    private readonly BlockingCollection<PendingWrite> _pending = new();
    private readonly SqliteStatements _statements;
    private readonly Action<Exception> _onBatchFailed;
    private readonly Thread _thread;

    public SqliteWriteQueue(SqliteConnection connection, Action<Exception> onBatchFailed)
    {
        _statements = new SqliteStatements(connection);
        _onBatchFailed = onBatchFailed;
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite writer" };
        _thread.Start();
    }

    public Task<T> Enqueue<T>(Func<SqliteWriter, T> write)
    {
        var pending = new PendingWrite<T>(write);
        try
        {
            _pending.Add(pending);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "The SQLite database is closed.");
        }

        return pending.Task;
    }

    /// <summary>Stops taking writes, commits those already queued, and waits for the writer thread. Safe to call twice.</summary>
    public void Dispose()
    {
        _pending.CompleteAdding();
        _thread.Join();
        _statements.Dispose();
    }

    private void Run()
    {
        var writer = new SqliteWriter(this);
        var batch = new List<PendingWrite>(MaxBatchSize);
        foreach (var first in _pending.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < MaxBatchSize && _pending.TryTake(out var next))
            {
                batch.Add(next);
            }

            Commit(batch, writer);
            batch.Clear();
        }
    }

    private void Commit(List<PendingWrite> batch, SqliteWriter writer)
    {
        try
        {
            Execute("BEGIN IMMEDIATE");
            foreach (var write in batch)
            {
                RunInSavepoint(write, writer);
            }

            Execute("COMMIT");
        }
        catch (Exception exception)
        {
            TryRollback();
            _onBatchFailed(exception);
            foreach (var write in batch)
            {
                write.Complete(exception);
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Complete(batchFailure: null);
        }
    }

    private void RunInSavepoint(PendingWrite write, SqliteWriter writer)
    {
        Execute("SAVEPOINT write");
        try
        {
            write.Run(writer);
        }
        catch (Exception exception)
        {
            write.Fail(exception);
            Execute("ROLLBACK TO write");
        }

        Execute("RELEASE write");
    }

    private void TryRollback()
    {
        try
        {
            Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction was open, or SQLite already rolled it back.
        }
    }

    private void Execute(string sql) => _statements.Command(sql).ExecuteNonQuery();

    internal SqliteCommand Prepare(string sql) => _statements.Command(sql);

    private abstract class PendingWrite
    {
        public abstract void Run(SqliteWriter writer);

        public abstract void Fail(Exception exception);

        /// <summary>Hands the result to the caller; a failed commit fails every write of its batch.</summary>
        public abstract void Complete(Exception? batchFailure);
    }

    private sealed class PendingWrite<T>(Func<SqliteWriter, T> write) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _failure;

        public Task<T> Task => _completion.Task;

        public override void Run(SqliteWriter writer) => _result = write(writer);

        public override void Fail(Exception exception) => _failure = exception;

        public override void Complete(Exception? batchFailure)
        {
            if ((batchFailure ?? _failure) is { } failure)
            {
                _completion.SetException(failure);
            }
            else
            {
                _completion.SetResult(_result!);
            }
        }
    }
}

/// <summary>What a queued write works with: statements on the writer's connection, inside the open transaction.</summary>
internal sealed class SqliteWriter(SqliteWriteQueue queue)
{
    /// <summary>The cached command for <paramref name="sql"/>, its parameters cleared.</summary>
    public SqliteCommand Command(string sql) => queue.Prepare(sql);
}
