using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Schema;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Records;

public sealed record WriteResult(Row Row, bool Created);

/// <summary>
/// Create, upsert and delete with Dataverse's rules for keys, preconditions and lookups (specs/dataverse.md §1, §2, §6).
/// Each operation works on a <see cref="WriteSession"/>, so one transaction can hold many of them
/// (a bulk message, a change set); <see cref="RunAsync{T}"/> runs such a transaction.
/// </summary>
public sealed class RecordWriter(EmulatorDatabase database, EmulatorStats stats, DataverseSchema schema)
{
    /// <summary>Runs <paramref name="work"/> in one transaction: all of it lands or, when it throws, none of it.</summary>
    public async Task<T> RunAsync<T>(Func<WriteSession, T> work, CancellationToken cancellationToken)
    {
        var (result, rowsWritten) = await database.WriteAsync(session => (work(session), session.RowsWritten), cancellationToken);
        stats.AddRecordsWritten(rowsWritten);
        return result;
    }

    public WriteResult Create(WriteSession session, TableDefinition table, Guid id, RecordChanges changes)
    {
        if (session.Find(table, new PrimaryKey(id)) is not null)
        {
            throw DataverseErrors.MatchingKeyExists();
        }

        return new WriteResult(Insert(session, table, id, changes), Created: true);
    }

    public WriteResult Upsert(WriteSession session, TableDefinition table, RecordKey key, RecordChanges changes, WriteConditions conditions)
    {
        var existing = session.Find(table, key);
        if (existing is null)
        {
            if (conditions.RequiresExisting)
            {
                throw NotFound(table, key);
            }

            // The row was just missed by its alternate key, so that key is free unless the body sets other values for it.
            var free = key is AlternateKey missed && !missed.Definition.KeyAttributes.Any(changes.Values.ContainsKey) ? missed.Definition : null;
            return new WriteResult(Insert(session, table, NewRowId(table, key, changes), WithUrlKeyValues(table, key, changes), free), Created: true);
        }

        if (conditions.IfNoneMatchAny)
        {
            throw DataverseErrors.MatchingKeyExists();
        }

        if (conditions.IfMatchVersion is { } version && version != existing.Version)
        {
            throw DataverseErrors.VersionMismatch();
        }

        if (key is AlternateKey alternate)
        {
            // An upsert cannot change the key it was addressed by: the key columns in the body are dropped.
            foreach (var column in alternate.Definition.KeyAttributes)
            {
                changes.Values.Remove(column);
            }
        }

        var row = existing.Copy();
        Apply(session, row, changes);
        Stamp(session, row);
        // Only a key whose values this update sets can now collide with another row.
        EnsureUniqueKeys(session, row, table.AlternateKeys.Where(candidate => candidate.KeyAttributes.Any(column =>
            changes.Values.ContainsKey(column) || changes.Binds.Any(bind => bind.Column.LogicalName == column))));
        session.Update(row, existing);
        return new WriteResult(row, Created: false);
    }

    public void Delete(WriteSession session, TableDefinition table, RecordKey key, WriteConditions conditions)
    {
        var existing = session.Find(table, key) ?? throw NotFound(table, key);
        if (conditions.IfMatchVersion is { } version && version != existing.Version)
        {
            throw DataverseErrors.VersionMismatch();
        }

        RecordCascade.Delete(session, schema, existing, Stamp);
    }

    public static DataverseException NotFound(TableDefinition table, RecordKey key) => key switch
    {
        PrimaryKey primary => DataverseErrors.NotFoundById(table, primary.Id),
        _ => DataverseErrors.NotFoundByKey(table),
    };

    private static Guid NewRowId(TableDefinition table, RecordKey key, RecordChanges changes)
    {
        if (key is not PrimaryKey primary)
        {
            return changes.Id ?? Guid.NewGuid();
        }

        return changes.Id is { } bodyId && bodyId != primary.Id
            ? throw DataverseErrors.QuerySyntax($"The {table.PrimaryIdAttribute} in the body does not match the key in the request URI.")
            : primary.Id;
    }

    // On create, key values in the body win; the URL's key values fill in the columns the body leaves out.
    private static RecordChanges WithUrlKeyValues(TableDefinition table, RecordKey key, RecordChanges changes)
    {
        if (key is AlternateKey alternate)
        {
            foreach (var (name, value) in alternate.Values.Where(pair => !changes.Values.ContainsKey(pair.Key)))
            {
                var column = table.FindColumn(name)!;
                if (value is int option && column.OptionSet is { } options && options.Find(option) is null)
                {
                    throw DataverseErrors.OptionOutOfRange(table, column, option);
                }

                if (value is string text && text.Length > column.MaxLength)
                {
                    throw DataverseErrors.TooLong(table, column);
                }

                changes.Values[name] = RowSql.ToStorage(value);
            }
        }

        return changes;
    }

    private Row Insert(WriteSession session, TableDefinition table, Guid id, RecordChanges changes, AlternateKeyDefinition? knownFree = null)
    {
        var row = new Row(table, RowSql.Names(table).ToDictionary(name => name, _ => (object?)null, StringComparer.Ordinal));
        row[table.PrimaryIdAttribute] = RowSql.ToStorage(id);
        row["statecode"] = 0L;
        row["statuscode"] = 1L;
        Apply(session, row, changes);
        Stamp(session, row);
        row["createdon"] = row["modifiedon"];
        EnsureUniqueKeys(session, row, table.AlternateKeys.Where(key => key != knownFree));
        session.Insert(row);
        return row;
    }

    private void Apply(WriteSession session, Row row, RecordChanges changes)
    {
        var table = row.Table;
        foreach (var (column, value) in changes.Values)
        {
            row[column] = value;
        }

        // Setting only the state moves the row to that state's default status, as Dataverse does.
        if (changes.Values.TryGetValue("statecode", out var state) && !changes.Values.ContainsKey("statuscode") && state is long stateValue)
        {
            row["statuscode"] = (long?)table.FindColumn("statecode")!.OptionSet!.Find((int)stateValue)!.DefaultStatus;
        }

        foreach (var bind in changes.Binds)
        {
            var target = bind.Reference is null ? null : ResolveBind(session, bind);
            row[bind.Column.LogicalName] = target is null ? null : RowSql.ToStorage(target.Id);
            if (bind.Column.TargetTableColumn is { } typeColumn)
            {
                row[typeColumn] = target is null ? null : bind.Target.Table;
            }
        }

        foreach (var column in table.Columns.Where(column => column.ComputedFrom.Count > 0))
        {
            var parts = column.ComputedFrom.Select(part => row[part] as string).Where(part => !string.IsNullOrEmpty(part));
            var value = string.Join(' ', parts);
            row[column.LogicalName] = value.Length == 0 ? null : value[..Math.Min(value.Length, column.MaxLength ?? value.Length)];
        }
    }

    private Row ResolveBind(WriteSession session, LookupBind bind)
    {
        var targetTable = schema.FindByLogicalName(bind.Target.Table)!;
        return session.Find(targetTable, bind.Reference!) ?? throw NotFound(targetTable, bind.Reference!);
    }

    private static void Stamp(WriteSession session, Row row)
    {
        row[Row.VersionColumn] = session.NextVersion();
        row["modifiedon"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static void EnsureUniqueKeys(WriteSession session, Row row, IEnumerable<AlternateKeyDefinition> keys)
    {
        foreach (var key in keys)
        {
            var values = key.KeyAttributes.ToDictionary(name => name, name => row[name], StringComparer.Ordinal);
            if (values.Values.Any(value => value is null))
            {
                continue;
            }

            var other = session.Find(row.Table, new AlternateKey(key, values!));
            if (other is not null && other.Id != row.Id)
            {
                throw DataverseErrors.DuplicateKey(row.Table, key);
            }
        }
    }
}
