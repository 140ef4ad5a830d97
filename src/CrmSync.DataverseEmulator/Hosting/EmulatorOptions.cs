using CrmSync.DataverseEmulator.Faults;
using CrmSync.DataverseEmulator.Protection;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>The <c>Emulator</c> configuration section.</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The SQLite file the rows live in; relative paths are relative to the current directory.</summary>
    public string DatabasePath { get; set; } = "crmsync-dataverse.db";

    /// <summary>The <c>x-ms-dop-hint</c> header value: the parallelism the server recommends to clients.</summary>
    public int DopHint { get; set; } = 8;

    /// <summary>Default and largest page of a collection GET; Dataverse's is 5,000.</summary>
    public int MaxPageSize { get; set; } = 5000;

    /// <summary>Whether the tables support CreateMultiple, UpdateMultiple and UpsertMultiple.</summary>
    public bool BulkMessages { get; set; } = true;

    /// <summary>How long a change-tracking delta token stays valid (Organization.ExpireChangeTrackingInDays, 7 by default).</summary>
    public TimeSpan ChangeTrackingRetention { get; set; } = TimeSpan.FromDays(7);

    public SchemaOptions Schema { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public FaultOptions Faults { get; set; } = new();
}
