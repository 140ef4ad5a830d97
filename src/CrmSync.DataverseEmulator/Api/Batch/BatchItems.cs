using Microsoft.Extensions.Primitives;

namespace CrmSync.DataverseEmulator.Api.Batch;

/// <summary>A top-level part of a batch: one request, or a change set of requests that succeed or fail together.</summary>
public abstract record BatchItem;

/// <summary>One request of a batch, as written in its <c>application/http</c> part.</summary>
/// <param name="Url">The request target as written: absolute, <c>/api/data/v9.2/…</c>, relative, or a <c>$n</c> reference.</param>
public sealed record BatchOperation(
    string Method, string Url, IReadOnlyDictionary<string, StringValues> Headers, string Body, string? ContentId) : BatchItem
{
    public bool IsGet => HttpMethods.IsGet(Method);
}

public sealed record BatchChangeSet(IReadOnlyList<BatchOperation> Operations) : BatchItem;

/// <summary>What a top-level part of a batch answered.</summary>
public abstract record BatchResult
{
    public abstract bool Failed { get; }
}

/// <summary>What one request of a batch answered, with the Content-ID its part carried.</summary>
public sealed record OperationResult(WebApiResponse Response, string? ContentId) : BatchResult
{
    public override bool Failed => Response.Status >= 400;
}

/// <summary>
/// A change set's answers: one per request when it succeeded; when it failed, only the failing request's,
/// since nothing of the change set was written.
/// </summary>
public sealed record ChangeSetResult(IReadOnlyList<OperationResult> Operations) : BatchResult
{
    public override bool Failed => Operations.Any(operation => operation.Failed);
}

/// <param name="Results">In request order.</param>
/// <param name="Status">200, or the failing request's status when the batch stopped at it.</param>
public sealed record BatchOutcome(IReadOnlyList<BatchResult> Results, int Status);
