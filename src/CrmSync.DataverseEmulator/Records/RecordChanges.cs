using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Records;

/// <summary>A lookup set through <c>nav@odata.bind</c>; a null <paramref name="Reference"/> clears it.</summary>
public sealed record LookupBind(ColumnDefinition Column, LookupTarget Target, RecordKey? Reference);

/// <summary>The validated column values of a create, update or upsert body.</summary>
public sealed class RecordChanges
{
    /// <summary>Column logical name → value in storage form (string, long, double or null).</summary>
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    public List<LookupBind> Binds { get; } = [];

    /// <summary>The primary key when the body carries it.</summary>
    public Guid? Id { get; set; }
}
