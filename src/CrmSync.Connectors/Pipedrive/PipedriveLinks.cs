namespace CrmSync.Connectors.Pipedrive;

/// <summary>Where a user opens the record in Pipedrive.</summary>
public static class PipedriveLinks
{
    public static string Record(string appRoot, string entity, string id) =>
        $"{appRoot}/{(entity == Entities.Account ? "organization" : "person")}/{Uri.EscapeDataString(id)}";
}
