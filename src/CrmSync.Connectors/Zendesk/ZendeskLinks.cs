namespace CrmSync.Connectors.Zendesk;

/// <summary>Where an agent opens the record in Zendesk's agent workspace.</summary>
public static class ZendeskLinks
{
    public static string Record(string agentRoot, string entity, string id) =>
        $"{agentRoot}/agent/{(entity == Entities.Account ? "organizations" : "users")}/{Uri.EscapeDataString(id)}";
}
