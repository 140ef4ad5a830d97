using System.Text.Json.Nodes;

namespace CrmSync.Dataverse;

/// <summary>One row's desired state, to be upserted (with <see cref="Body"/>) or deleted (without).</summary>
/// <param name="ETag">
/// The row's etag (<c>W/"versionnumber"</c>) after CrmSync last wrote it; null when it never did. The write is sent with
/// <c>If-Match</c> on it, so that Dataverse refuses it (412) when someone else changed the row since.
/// </param>
/// <param name="FirstWrite">
/// CrmSync never wrote the row (a create, or the first write of an adopted row): with others like it, it may go in an
/// UpsertMultiple, whose answer carries no versions, so such a row is guarded from its next write on.
/// </param>
public sealed record RowWrite(DataverseTable Table, Guid RowId, JsonObject? Body, string? ETag = null, bool FirstWrite = false)
{
    public bool IsDelete => Body is null;
}

public enum WriteStatus
{
    /// <summary>Dataverse holds the row as sent (or, for a delete, no longer holds it).</summary>
    Written,

    /// <summary>Throttled, unavailable or timed out: try again, after <see cref="WriteResult.RetryAfter"/> when given.</summary>
    Transient,

    /// <summary>The contact's account row is not in Dataverse yet.</summary>
    MissingParent,

    /// <summary>Dataverse refused the row for good (bad data); retrying the same body will fail again.</summary>
    Refused,

    /// <summary>
    /// The row changed in Dataverse since CrmSync's last write of it (412 on If-Match, or the row is gone): nothing was
    /// written, and what follows is the source's OnDataverseEdit policy.
    /// </summary>
    EditedInDataverse,

    /// <summary>
    /// Not sent: the writer already holds its MaxRowsWaiting rows. Nothing was tried; the row goes again when the writer
    /// has room, which the record learns by trying later.
    /// </summary>
    Deferred,
}

public sealed record WriteResult(WriteStatus Status, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static readonly WriteResult Written = new(WriteStatus.Written);

    /// <summary>
    /// The server's <c>x-ms-ratelimit-burst-remaining-xrm-requests</c> on the answer this result came in: the requests
    /// its user has left in the service-protection window. The writer paces itself by it; it says nothing about the row.
    /// </summary>
    public int? RequestsRemaining { get; init; }

    /// <summary>The row's etag after a written upsert, which guards the row's next write; null for a delete.</summary>
    public string? ETag { get; init; }
}

/// <summary>Sends rows to Dataverse. The silo holds one; record grains share it.</summary>
public interface IDataverseWriter
{
    Task<WriteResult> WriteAsync(RowWrite write, CancellationToken cancellationToken = default);
}
