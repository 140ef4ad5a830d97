using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using Microsoft.Data.Sqlite;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>The row operations available inside one write transaction.</summary>
public sealed class WriteSession
{
    private readonly EmulatorDatabase database;

    internal WriteSession(EmulatorDatabase database, SqliteTransaction transaction)
    {
        this.database = database;
        Transaction = transaction;
    }

    internal SqliteTransaction Transaction { get; }

    /// <summary>Rows created, updated or deleted in this transaction.</summary>
    public int RowsWritten { get; private set; }

    public Row? Find(TableDefinition table, RecordKey key)
    {
        var command = database.Command(Transaction, RowSql.Find(table, key));
        RowSql.BindKey(command, key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? RowSql.Read(reader, table) : null;
    }

    public IReadOnlyList<Row> FindReferencing(TableDefinition table, ColumnDefinition lookup, string targetTable, Guid targetId)
    {
        var command = database.Command(Transaction, RowSql.FindReferencing(table, lookup));
        command.Parameters.Clear();
        command.Parameters.AddWithValue("@k0", RowSql.ToStorage(targetId));
        if (lookup.TargetTableColumn is not null)
        {
            command.Parameters.AddWithValue("@k1", targetTable);
        }

        var rows = new List<Row>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(RowSql.Read(reader, table));
        }

        return rows;
    }

    public void Insert(Row row) => RowsWritten += RowSql.Insert(Command, row).ExecuteNonQuery();

    /// <summary>Writes the row; with the <paramref name="original"/> it was copied from, only the columns that changed.</summary>
    public void Update(Row row, Row? original = null) => RowsWritten += RowSql.Update(Command, row, original).ExecuteNonQuery();

    public void Delete(TableDefinition table, Guid id)
    {
        var command = database.Command(Transaction, RowSql.Delete(table));
        RowSql.BindKey(command, new PrimaryKey(id));
        var deleted = command.ExecuteNonQuery();
        RowsWritten += deleted;
        if (deleted > 0)
        {
            // Change tracking answers a delta link with a $deletedEntity stub for each row deleted since its token.
            var tombstone = Command($"INSERT INTO {SchemaDdl.DeletedTable} (tablename, id, version) VALUES (@t, @i, @v)");
            tombstone.Parameters.Clear();
            tombstone.Parameters.AddWithValue("@t", table.LogicalName);
            tombstone.Parameters.AddWithValue("@i", RowSql.ToStorage(id));
            tombstone.Parameters.AddWithValue("@v", NextVersion());
            tombstone.ExecuteNonQuery();
        }
    }

    /// <summary>The next value of the environment-wide row version counter (versionnumber, the etag).</summary>
    public long NextVersion() => database.NextVersion();

    private SqliteCommand Command(string sql) => database.Command(Transaction, sql);
}
