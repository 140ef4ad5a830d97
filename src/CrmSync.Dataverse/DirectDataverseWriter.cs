namespace CrmSync.Dataverse;

/// <summary>One Web API request per row. Correct and simple; batching comes in front of it later.</summary>
public sealed class DirectDataverseWriter(DataverseClient client) : IDataverseWriter
{
    public Task<WriteResult> WriteAsync(RowWrite write, CancellationToken cancellationToken = default) =>
        write.Body is { } body
            ? client.UpsertAsync(write.Table, write.RowId, body, cancellationToken)
            : client.DeleteAsync(write.Table, write.RowId, cancellationToken);
}
