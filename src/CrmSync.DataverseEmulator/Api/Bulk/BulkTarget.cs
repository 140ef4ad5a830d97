using CrmSync.DataverseEmulator.Records;

namespace CrmSync.DataverseEmulator.Api.Bulk;

/// <summary>One item of a bulk message's <c>Targets</c>: its column values and, for UpsertMultiple, the row it names.</summary>
/// <param name="Key">From <c>@odata.id</c> or the primary key column; null when the item names no row.</param>
/// <param name="KeyFromODataId">The key came from <c>@odata.id</c> rather than from the body.</param>
public sealed record BulkTarget(int Index, RecordChanges Changes, RecordKey? Key, bool KeyFromODataId);
