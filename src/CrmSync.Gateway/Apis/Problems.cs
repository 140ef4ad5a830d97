using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmSync.Gateway.Apis;

/// <summary>RFC 9457 problem responses (application/problem+json), one per status the APIs answer.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request body is not valid", detail);

    public static ProblemHttpResult InvalidArgument(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is not valid", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "The request is not authenticated", detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Not allowed from this address", detail);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Not possible in the current state", detail);

    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large", detail);

    public static ProblemHttpResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "Not stored; try again", detail);

    public static ProblemHttpResult ClusterUnavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "The silo cluster did not answer; try again", detail);

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
