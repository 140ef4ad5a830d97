namespace CrmSync.DataverseEmulator.Tests;

/// <summary>Request bodies and URLs the tests share.</summary>
public static class Rows
{
    public const string ServiceNow = "2";

    public static string AccountByKey(string sourceId, string sourceCrm = ServiceNow) =>
        $"accounts(msdyn_source_crm={sourceCrm},msdyn_source_crm_id='{sourceId}')";

    public static string ContactByKey(string sourceId, string sourceCrm = ServiceNow) =>
        $"contacts(msdyn_source_crm={sourceCrm},msdyn_source_crm_id='{sourceId}')";

    public static string Json(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    public static async Task<Guid> CreateAccountAsync(TestEmulator emulator, string name, string? sourceId = null)
    {
        var body = new JsonObject { ["name"] = name };
        if (sourceId is not null)
        {
            body["msdyn_source_crm"] = 2;
            body["msdyn_source_crm_id"] = sourceId;
        }

        using var response = await emulator.PostAsync("accounts", body.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return IdFromEntityId(response);
    }

    public static Guid IdFromEntityId(HttpResponseMessage response)
    {
        var entityId = response.Headers.GetValues("OData-EntityId").Single();
        var open = entityId.LastIndexOf('(');
        return Guid.Parse(entityId[(open + 1)..^1]);
    }
}
