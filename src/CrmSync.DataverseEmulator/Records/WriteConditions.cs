namespace CrmSync.DataverseEmulator.Records;

/// <summary>The If-Match / If-None-Match preconditions of a write.</summary>
/// <param name="IfMatchVersion">The row version of an <c>If-Match: W/"n"</c> etag.</param>
public sealed record WriteConditions(bool IfMatchAny, long? IfMatchVersion, bool IfNoneMatchAny)
{
    public static readonly WriteConditions None = new(false, null, false);

    /// <summary>An update: the row must exist (<c>If-Match: *</c>).</summary>
    public static readonly WriteConditions MustExist = new(true, null, false);

    public bool RequiresExisting => IfMatchAny || IfMatchVersion is not null;
}
