using Microsoft.Data.Sqlite;

namespace CrmSync.Silo.Storage;

/// <summary>
/// A connection and the commands prepared on it, kept for the life of the connection: SQLite compiles each statement
/// once per connection rather than once per use.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = [];

    public SqliteConnection Connection => connection;

    /// <summary>The cached command for <paramref name="sql"/>, its parameters cleared.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
