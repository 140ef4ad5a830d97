namespace CrmSync.DataverseEmulator.Api;

/// <summary>The WhoAmI function (specs/dataverse.md §7): clients call it first, often just to read <c>x-ms-dop-hint</c>.</summary>
public static class WhoAmI
{
    // Fixed so a client sees the same identity across restarts.
    private static readonly Guid UserId = new("7b0c6f4e-8d3a-4b1e-9a55-3f2d1c0e9a01");
    private static readonly Guid BusinessUnitId = new("7b0c6f4e-8d3a-4b1e-9a55-3f2d1c0e9a02");
    private static readonly Guid OrganizationId = new("7b0c6f4e-8d3a-4b1e-9a55-3f2d1c0e9a03");

    public static WebApiResponse Answer(WebApiRequest request) => WebApiResponse.Json(200, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("@odata.context", $"{request.ServiceRoot}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse");
        writer.WriteString("BusinessUnitId", BusinessUnitId);
        writer.WriteString("UserId", UserId);
        writer.WriteString("OrganizationId", OrganizationId);
        writer.WriteEndObject();
    });
}
