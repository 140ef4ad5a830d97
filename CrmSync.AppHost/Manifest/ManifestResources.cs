using System.Text.Json.Nodes;

namespace CrmSync.AppHost.Manifest;

/// <summary>Resources in the shapes Aspire's manifest publisher writes them (schema aspire-8.0.json).</summary>
public static class ManifestResources
{
    /// <summary>The environment Aspire gives every project before its references: OTLP exporter behaviour, proxies, its port.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ProjectDefaults(string name) =>
    [
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES", "true"),
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", "true"),
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory"),
        new("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true"),
        new("HTTP_PORTS", Expression(name, "bindings.http.targetPort")),
    ];

    /// <summary><c>{resource.property}</c>: a value the deployment tool fills in.</summary>
    public static string Expression(string resource, string property) => $"{{{resource}.{property}}}";

    /// <param name="path">The project file, relative to the manifest's directory, with forward slashes.</param>
    public static JsonObject Project(string path, IEnumerable<KeyValuePair<string, string>> environment, JsonObject bindings) => new()
    {
        ["type"] = "project.v0",
        ["path"] = path,
        ["env"] = Environment(environment),
        ["bindings"] = bindings,
    };

    public static JsonObject Binding(string scheme, string transport, int? targetPort = null, bool external = false)
    {
        var binding = new JsonObject { ["scheme"] = scheme, ["protocol"] = "tcp", ["transport"] = transport };
        if (external)
        {
            binding["external"] = true;
        }

        if (targetPort is { } port)
        {
            binding["targetPort"] = port;
        }

        return binding;
    }

    /// <summary>A value given at deployment: prompted for, taken from <paramref name="defaultValue"/>, or generated.</summary>
    public static JsonObject Parameter(string name, bool secret = false, string? defaultValue = null, int? generatedLength = null)
    {
        var input = new JsonObject { ["type"] = "string" };
        if (secret)
        {
            input["secret"] = true;
        }

        if (defaultValue is not null)
        {
            input["default"] = new JsonObject { ["value"] = defaultValue };
        }
        else if (generatedLength is { } length)
        {
            input["default"] = new JsonObject { ["generate"] = new JsonObject { ["minLength"] = length, ["special"] = false } };
        }

        return new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = Expression(name, "inputs.value"),
            ["inputs"] = new JsonObject { ["value"] = input },
        };
    }

    /// <summary>Aspire's <c>AddConnectionString(name)</c>: a secret parameter that projects reference as <c>{name.connectionString}</c>.</summary>
    public static JsonObject ConnectionString(string name) => new()
    {
        ["type"] = "parameter.v0",
        ["connectionString"] = Expression(name, "value"),
        ["value"] = Expression(name, "inputs.value"),
        ["inputs"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "string", ["secret"] = true } },
    };

    public static JsonObject Environment(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var environment = new JsonObject();
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }
}
