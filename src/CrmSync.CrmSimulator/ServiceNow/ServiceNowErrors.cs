namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>ServiceNow's error envelope, <c>{"error":{"message","detail"},"status":"failure"}</c>, which its clients parse.</summary>
public static class ServiceNowErrors
{
    public static IResult Failure(int status, string message, string? detail) =>
        Results.Json(new { error = new { message, detail }, status = "failure" }, statusCode: status);

    public static IResult NoRecord() =>
        Failure(StatusCodes.Status404NotFound, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");

    public static IResult InvalidTable(string table) =>
        Failure(StatusCodes.Status400BadRequest, $"Invalid table {table}", "The simulator serves customer_account and customer_contact.");
}
