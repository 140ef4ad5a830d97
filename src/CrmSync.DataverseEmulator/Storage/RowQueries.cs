using CrmSync.DataverseEmulator.Query;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using Microsoft.Data.Sqlite;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>Reads on a pooled reader connection.</summary>
public static class RowQueries
{
    public static Row? Find(SqliteConnection connection, TableDefinition table, RecordKey key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = RowSql.Find(table, key);
        RowSql.BindKey(command, key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? RowSql.Read(reader, table) : null;
    }

    public static List<Row> Page(SqliteConnection connection, TableDefinition table, CollectionQuery query)
    {
        using var command = Prepare(connection, query);
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(RowSql.Read(reader, table));
        }

        return rows;
    }

    public static int Count(SqliteConnection connection, CollectionQuery query)
    {
        using var command = Prepare(connection, query);
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static SqliteCommand Prepare(SqliteConnection connection, CollectionQuery query)
    {
        var command = connection.CreateCommand();
        command.CommandText = query.Sql;
        for (var index = 0; index < query.Parameters.Values.Count; index++)
        {
            command.Parameters.AddWithValue($"@p{index}", query.Parameters.Values[index]);
        }

        return command;
    }
}
