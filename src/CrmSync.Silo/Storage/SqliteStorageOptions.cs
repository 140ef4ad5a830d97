using Orleans.Storage;

namespace CrmSync.Silo.Storage;

/// <summary>Options of a SQLite grain storage provider.</summary>
public sealed class SqliteStorageOptions : SqliteDatabaseOptions, IStorageProviderSerializerOptions
{
    /// <summary>Serializes grain state; when left unset, Orleans' binary format, reading older JSON rows with Orleans' configured default.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}

/// <summary>Options of the SQLite reminder table.</summary>
public sealed class SqliteReminderTableOptions : SqliteDatabaseOptions;
