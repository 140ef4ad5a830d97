namespace CrmSync.Connectors.Tests.Rest;

/// <summary>
/// Settings of a Rest source named "sim" for each of the simulator's paging styles (its README): what an operator
/// would write in appsettings.json to sync that CRM.
/// </summary>
public static class SimulatorSources
{
    public const string Name = "sim";

    /// <summary>Style key: the simulator's endpoint, where its records are, and its paging settings.</summary>
    private static readonly Dictionary<string, (string Path, string Records, Dictionary<string, string> Paging)> Styles = new()
    {
        ["offset"] = ("api/offset/{0}", "$.items", new() { ["Style"] = "Offset", ["OffsetParam"] = "offset", ["PageSizeParam"] = "limit", ["TotalPath"] = "$.total" }),
        ["offset-untotalled"] = ("api/offset/{0}", "items", new() { ["Style"] = "Offset", ["OffsetParam"] = "offset", ["PageSizeParam"] = "limit" }),
        ["page"] = ("api/page/{0}", "$.data", new() { ["Style"] = "Page", ["PageParam"] = "page", ["PageSizeParam"] = "per_page" }),
        ["cursor"] = ("api/cursor/{0}", "$.results", new() { ["Style"] = "Cursor", ["CursorParam"] = "after", ["PageSizeParam"] = "limit", ["CursorPath"] = "$.paging.next.after" }),
        ["nexturl"] = ("/api/nexturl/{0}", "$.records", new() { ["Style"] = "NextUrl", ["PageSizeParam"] = "pageSize", ["NextUrlPath"] = "$.nextRecordsUrl", ["TotalPath"] = "totalSize" }),
        ["link"] = ("api/link/{0}", "$.result", new() { ["Style"] = "LinkHeader", ["PageSizeParam"] = "sysparm_limit" }),
        ["link-bare"] = ("api/link/{0}?bare=true", "$", new() { ["Style"] = "LinkHeader", ["PageSizeParam"] = "sysparm_limit" }),
    };

    /// <summary>Dataverse column to the simulator's field; "description" is in no record, so it must come as null.</summary>
    public static readonly Dictionary<string, Dictionary<string, string>> Fields = new()
    {
        [Entities.Account] = new() { ["name"] = "$.name", ["telephone1"] = "telephone", ["emailaddress1"] = "$.email", ["websiteurl"] = "$.website", ["description"] = "$.notes" },
        [Entities.Contact] = new() { ["firstname"] = "$.firstName", ["lastname"] = "lastName", ["emailaddress1"] = "$.email", ["telephone1"] = "$.phone", ["description"] = "$.notes" },
    };

    public static Dictionary<string, string?> For(Uri simulator, string style, string entity, int pageSize = 20)
    {
        var (path, records, paging) = Styles[style];
        var prefix = $"CrmSync:Sources:{Name}";
        var settings = new Dictionary<string, string?>
        {
            [$"{prefix}:Kind"] = "Rest",
            [$"{prefix}:BaseUrl"] = simulator.AbsoluteUri,
            [$"{prefix}:Entities:{entity}:Path"] = string.Format(path, entity + "s"),
            [$"{prefix}:Entities:{entity}:Records"] = records,
            [$"{prefix}:Entities:{entity}:Paging:PageSize"] = pageSize.ToString(),
            [$"{prefix}:Entities:{entity}:Id"] = "$.id",
            [$"{prefix}:Entities:{entity}:Version"] = "$.version",
            [$"{prefix}:Entities:{entity}:Url"] = "$.url",
        };
        foreach (var (name, value) in paging)
        {
            settings[$"{prefix}:Entities:{entity}:Paging:{name}"] = value;
        }

        foreach (var (column, fieldPath) in Fields[entity])
        {
            settings[$"{prefix}:Entities:{entity}:Fields:{column}"] = fieldPath;
        }

        if (entity == Entities.Contact)
        {
            settings[$"{prefix}:Entities:{entity}:ParentAccountId"] = "$.accountId";
        }

        return settings;
    }

    /// <summary>The same settings with one changed or removed (null).</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string? value)
    {
        var changed = new Dictionary<string, string?>(settings);
        var fullKey = key.StartsWith("CrmSync:", StringComparison.Ordinal) ? key : $"CrmSync:Sources:{Name}:{key}";
        if (value is null)
        {
            changed.Remove(fullKey);
        }
        else
        {
            changed[fullKey] = value;
        }

        return changed;
    }
}
