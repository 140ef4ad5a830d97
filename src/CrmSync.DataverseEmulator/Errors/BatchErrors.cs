namespace CrmSync.DataverseEmulator.Errors;

/// <summary>How Dataverse refuses a <c>$batch</c> request as a whole (specs/dataverse.md §4); "0x0" is the code its OData layer answers with.</summary>
public static class BatchErrors
{
    public const int MaxRequests = 1000;
    private const string ODataCode = "0x0";

    public static DataverseException NotMultipart() =>
        new(400, ODataCode, "A $batch request must have the Content-Type 'multipart/mixed' with a boundary parameter.");

    public static DataverseException Malformed(string detail) => new(400, ODataCode, $"The batch request body is not valid multipart/mixed: {detail}");

    public static DataverseException TooManyRequests(int count) =>
        new(400, ODataCode, $"The batch request contains {count} requests; a batch can contain at most {MaxRequests} requests. Split it into several batches.");

    public static DataverseException Nested() => new(400, ODataCode, "A batch request cannot contain another batch request.");

    public static DataverseException MethodInChangeSet(string method) =>
        new(400, ODataCode,
            $"An invalid HTTP method '{method}' was detected for a request in a change set. Requests in change sets only support the HTTP methods 'POST', 'PUT', 'DELETE', and 'PATCH'.");

    public static DataverseException DuplicateContentId(string contentId) =>
        new(400, ODataCode, $"The content ID '{contentId}' was found more than once in the same change set. Content IDs have to be unique across all operations of a change set.");

    public static DataverseException ContentIdNotFound(string reference) =>
        new(400, ODataCode, $"Content-ID Reference: '{reference}' does not exist in the batch context.");
}
