namespace CrmSync.Dataverse;

/// <summary>What a Dataverse answer means for one row, whether it came alone, in a bulk request or in a $batch part.</summary>
public static class WriteOutcomes
{
    public static WriteResult Classify(DataverseError error, TimeSpan? retryAfter)
    {
        // Throttling, server faults and auth problems are not the row's fault: the same write succeeds later.
        if (IsTransient(error.Status))
        {
            return new WriteResult(WriteStatus.Transient, error.ToString(), retryAfter);
        }

        if (error.Status == 412 && error.Code == DataverseError.ConcurrencyVersionMismatch)
        {
            return new WriteResult(WriteStatus.EditedInDataverse, error.ToString());
        }

        if (error.Status == 404 && error.Code is DataverseError.RecordNotFoundById or DataverseError.RecordNotFoundByKey)
        {
            return new WriteResult(WriteStatus.MissingParent, error.ToString());
        }

        return new WriteResult(WriteStatus.Refused, error.ToString());
    }

    /// <summary>
    /// A guarded upsert (If-Match) of a row that is gone answers 404 naming the row itself: it was deleted in Dataverse,
    /// which is an edit too, not a contact's missing account.
    /// </summary>
    public static WriteResult OfRow(RowWrite write, WriteResult result) =>
        result.Status == WriteStatus.MissingParent && write.ETag is not null
            && result.Error?.Contains(write.RowId.ToString(), StringComparison.OrdinalIgnoreCase) == true
            ? result with { Status = WriteStatus.EditedInDataverse }
            : result;

    public static bool IsTransient(int status) => status is 429 or 408 or 401 or 403 || status >= 500;
}
