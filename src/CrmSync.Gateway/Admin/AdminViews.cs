using System.Text.Json;

namespace CrmSync.Gateway.Admin;

/// <summary>A parked (or kept) record in the list: its key, Dataverse's error (or the edit made in Dataverse) and when it was parked (or kept).</summary>
public sealed record ParkedRecordItem(string Key, string Source, string Entity, string Id, string? Error, DateTimeOffset ParkedAt)
{
    public static ParkedRecordItem From(ParkedRecord record) =>
        new(record.Key.ToString(), record.Key.Source, record.Key.Entity, record.Key.SourceId, record.Error, record.ParkedAt);
}

/// <summary>A page of parked records; pass <see cref="Continuation"/> back for the next, null on the last page.</summary>
public sealed record ParkedRecordList(IReadOnlyList<ParkedRecordItem> Items, string? Continuation);

/// <summary>
/// One record as the admin sees it. Versions print as the record holds them: an integer version as is, a
/// timestamp as UTC ticks (with its tie-breaker after a dot). Fields are the desired state, as JSON values.
/// </summary>
public sealed record RecordView(
    string Key,
    string Source,
    string Entity,
    string Id,
    string Status,
    bool Deleted,
    RecordVersions Versions,
    long DesiredRevision,
    long WrittenRevision,
    Guid RowId,
    string? LastError,
    DateTimeOffset? ParkedAt,
    IReadOnlyDictionary<string, JsonElement> Fields,
    IReadOnlyList<RecentChangeView> RecentChanges,
    IReadOnlyList<DataverseEditView> DataverseEdits)
{
    public static RecordView From(RecordSnapshot snapshot) => new(
        snapshot.Key.ToString(),
        snapshot.Key.Source,
        snapshot.Key.Entity,
        snapshot.Key.SourceId,
        Name(snapshot.Status),
        snapshot.Deleted,
        new RecordVersions(snapshot.Version?.ToString(), snapshot.UpsertVersion?.ToString(), snapshot.DeletedVersion?.ToString()),
        snapshot.DesiredRevision,
        snapshot.WrittenRevision,
        snapshot.RowId,
        snapshot.LastError,
        snapshot.ParkedAt,
        snapshot.Fields.ToDictionary(f => f.Key, f => JsonSerializer.Deserialize<JsonElement>(f.Value)),
        [.. snapshot.RecentChanges.Select(c => new RecentChangeView(
            c.Version.ToString(), Name(c.Operation), Name(c.Outcome), c.ReceivedAt, c.Revision, c.Outcome == AcceptOutcome.Accepted && c.Revision <= snapshot.WrittenRevision))],
        [.. snapshot.DataverseEdits.Select(DataverseEditView.From)]);

    /// <summary>An enum value as the JSON of the APIs spells it: camelCase, like "waitingForAccount".</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <param name="Newest">The newest version applied, a delete's included.</param>
public sealed record RecordVersions(string? Newest, string? Upsert, string? Delete);

/// <param name="Revision">The desired revision after the change.</param>
/// <param name="Written">An accepted change whose revision Dataverse holds (or a newer one).</param>
public sealed record RecentChangeView(string Version, string Operation, string Outcome, DateTimeOffset ReceivedAt, long Revision, bool Written);

/// <summary>
/// An edit made in Dataverse that the record's write ran into (412 to its If-Match), and what the source's policy did:
/// "overwrite", "keep" or "park". Columns are those CrmSync writes whose value in Dataverse differed, as JSON values.
/// </summary>
public sealed record DataverseEditView(DateTimeOffset FoundAt, string Policy, bool RowDeleted, string? RowETag, IReadOnlyDictionary<string, EditedColumnView> Columns)
{
    public static DataverseEditView From(DataverseEdit edit) => new(
        edit.FoundAt,
        RecordView.Name(edit.Policy),
        edit.RowDeleted,
        edit.RowETag,
        edit.Columns.ToDictionary(c => c.Key, c => new EditedColumnView(Json(c.Value.InDataverse), Json(c.Value.FromCrm))));

    private static JsonElement? Json(string? raw) => raw is null ? null : JsonSerializer.Deserialize<JsonElement>(raw);
}

/// <param name="InDataverse">The value someone set in Dataverse.</param>
/// <param name="FromCrm">The value CrmSync was writing, from the source CRM.</param>
public sealed record EditedColumnView(JsonElement? InDataverse, JsonElement? FromCrm);

/// <summary>The answer to a retry: the record's status once the retry was asked for.</summary>
public sealed record RetryView(string Key, string Status);

/// <summary>The answer to retry-parked: how many parked records were asked to retry.</summary>
public sealed record RetryParkedView(int Retrying);
