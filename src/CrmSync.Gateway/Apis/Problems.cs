using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmSync.Gateway.Apis;

/// <summary>
/// RFC 9457 problem responses (application/problem+json), one per status the APIs answer.
/// </summary>
public static partial class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request body is not valid", detail);

    public static ProblemHttpResult InvalidArgument(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is not valid", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "The request is not authenticated", detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Not allowed from this address", detail);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Not possible in the current state", detail);

    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large", detail);

    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least one), as CRMs read it.</summary>
    public static IResult TooManyRequests(string detail, TimeSpan retryAfter) =>
        new WithRetryAfter(Problem(StatusCodes.Status429TooManyRequests, "Too many changes in flight; try again later", detail), retryAfter);

    public static ProblemHttpResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "Not stored; try again", detail);

    /// <summary>
    /// 503 with <c>Retry-After</c>, for a webhook: some CRMs resend a 503 only when it says when (Zendesk, below a minute),
    /// and nothing of the request was stored, so it must come again.
    /// </summary>
    public static IResult Unavailable(string detail, TimeSpan retryAfter) => new WithRetryAfter(Unavailable(detail), retryAfter);

    public static ProblemHttpResult ClusterUnavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "The silo cluster did not answer; try again", detail);

    /// <summary>
    /// A detail built from what a stranger sent (a webhook's body, headers or URL) never hands that content back: a
    /// quoted piece is kept only when it is a plain name of at most 64 characters (a field, an entity, a source), which
    /// is what a sender needs to find its mistake; anything else becomes '…', so that no answer reflects markup, secrets
    /// or data (docs/security.md). Details CrmSync writes itself, such as a command to run, are left whole.
    /// </summary>
    public static string WithoutEcho(string detail) =>
        QuotedPiece().Replace(detail, match => PlainName().IsMatch(match.Groups[1].ValueSpan) ? match.Value : "'…'");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    private sealed class WithRetryAfter(ProblemHttpResult problem, TimeSpan retryAfter) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => problem.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }

    [GeneratedRegex("(?<![A-Za-z0-9])'([^']*)'(?![A-Za-z0-9])")]
    private static partial Regex QuotedPiece();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.:@/+-]{0,63}$")]
    private static partial Regex PlainName();
}
