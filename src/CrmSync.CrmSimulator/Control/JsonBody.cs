using System.Text.Json.Serialization;

namespace CrmSync.CrmSimulator.Control;

/// <summary>Reads a control request's JSON body, so a bad one gets a problem+json 400 that says what to send.</summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <param name="validate">Says what is wrong with a body that parsed, or null when nothing is.</param>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, string example, Func<T, string?>? validate = null)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
            if (value is null)
            {
                return (null, BadRequest($"Send a JSON object such as {example}."));
            }

            return validate?.Invoke(value) is { } problem ? (null, BadRequest(problem)) : (value, null);
        }
        catch (JsonException)
        {
            return (null, BadRequest($"The body is not the JSON expected; send one such as {example}."));
        }
    }

    public static IResult BadRequest(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
