namespace CrmSync.Silo.Storage;

/// <summary>
/// The open SQLite files of this silo, one <see cref="SqliteDatabase"/> per file, so providers that
/// share a file (grain storage and reminders, say) also share its writer and its commits.
/// </summary>
internal sealed class SqliteDatabases(ILogger<SqliteDatabase> logger) : IDisposable
{
    private readonly Dictionary<string, SqliteDatabase> _open = [];
    private bool _disposed;

    public SqliteDatabase Get(SqliteDatabaseOptions options, string providerName)
    {
        var connectionString = options.BuildConnectionString(providerName);
        lock (_open)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_open.TryGetValue(connectionString, out var database))
            {
                database = SqliteDatabase.Open(connectionString, options.Synchronous, logger);
                _open.Add(connectionString, database);
            }
            else if (database.Synchronous != options.Synchronous)
            {
                throw new Orleans.Runtime.OrleansConfigurationException(
                    $"SQLite provider '{providerName}' asks for Synchronous={options.Synchronous} on a file already open with {database.Synchronous}; use one setting per file.");
            }

            return database;
        }
    }

    public void Dispose()
    {
        lock (_open)
        {
            _disposed = true;
            foreach (var database in _open.Values)
            {
                database.Dispose();
            }

            _open.Clear();
        }
    }
}
