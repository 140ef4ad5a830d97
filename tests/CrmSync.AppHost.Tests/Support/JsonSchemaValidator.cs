using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CrmSync.AppHost.Tests.Support;

/// <summary>
/// Checks JSON against the part of JSON Schema (draft 7) that aspire-8.0.json uses: true/false schemas, <c>$ref</c> to
/// <c>#/definitions/…</c>, type, enum, const, pattern, required, properties, additionalProperties, items, allOf, anyOf,
/// oneOf and not. No package in our registry does it: JsonSchema.Net lacks a dependency there, and NJsonSchema
/// cannot read the schema (it has a false schema).
/// </summary>
public sealed class JsonSchemaValidator(JsonNode schema)
{
    /// <summary>What is wrong with <paramref name="instance"/>, one line per problem, each with its JSON path; empty when valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private void Check(JsonNode? subschema, JsonNode? instance, string path, List<string> errors)
    {
        if (subschema is JsonValue boolean && boolean.TryGetValue<bool>(out var allowed))
        {
            if (!allowed)
            {
                errors.Add($"{path}: no value is allowed here");
            }

            return;
        }

        var rules = subschema as JsonObject ?? throw new InvalidOperationException($"Not a schema: {subschema?.ToJsonString()}");
        if (rules["$ref"] is { } reference)
        {
            Check(Resolve((string)reference!), instance, path, errors);
        }

        if (rules["type"] is { } type && !TypeNames(type).Any(name => HasType(instance, name)))
        {
            errors.Add($"{path}: is {Describe(instance)}, not {string.Join(" or ", TypeNames(type))}");
        }

        if (rules["enum"] is JsonArray values && !values.Any(value => JsonNode.DeepEquals(value, instance)))
        {
            errors.Add($"{path}: {Describe(instance)} is not one of {values.ToJsonString()}");
        }

        if (rules.TryGetPropertyValue("const", out var constant) && !JsonNode.DeepEquals(constant, instance))
        {
            errors.Add($"{path}: {Describe(instance)} is not {constant?.ToJsonString() ?? "null"}");
        }

        if (rules["pattern"] is { } pattern && instance is JsonValue text && text.TryGetValue<string>(out var value)
            && !Regex.IsMatch(value, (string)pattern!))
        {
            errors.Add($"{path}: '{value}' does not match {pattern}");
        }

        if (instance is JsonObject members)
        {
            CheckObject(rules, members, path, errors);
        }

        if (instance is JsonArray items && rules["items"] is { } itemSchema)
        {
            for (var i = 0; i < items.Count; i++)
            {
                Check(itemSchema, items[i], $"{path}[{i}]", errors);
            }
        }

        CheckCombinations(rules, instance, path, errors);
    }

    private void CheckObject(JsonObject rules, JsonObject members, string path, List<string> errors)
    {
        foreach (var required in rules["required"]?.AsArray().Select(name => (string)name!) ?? [])
        {
            if (!members.ContainsKey(required))
            {
                errors.Add($"{path}: lacks the required property '{required}'");
            }
        }

        var properties = rules["properties"] as JsonObject;
        foreach (var (name, member) in members)
        {
            var memberPath = $"{path}.{name}";
            if (properties is not null && properties.TryGetPropertyValue(name, out var propertySchema))
            {
                Check(propertySchema, member, memberPath, errors);
            }
            else if (rules.TryGetPropertyValue("additionalProperties", out var additional) && additional is not null)
            {
                Check(additional, member, memberPath, errors);
            }
        }
    }

    private void CheckCombinations(JsonObject rules, JsonNode? instance, string path, List<string> errors)
    {
        foreach (var part in rules["allOf"]?.AsArray() ?? [])
        {
            Check(part, instance, path, errors);
        }

        if (rules["anyOf"] is JsonArray anyOf && Attempts(anyOf, instance, path).All(attempt => attempt.Count > 0))
        {
            errors.Add($"{path}: matches none of the {anyOf.Count} schemas of anyOf");
        }

        if (rules["oneOf"] is JsonArray oneOf)
        {
            var attempts = Attempts(oneOf, instance, path);
            var matches = attempts.Count(attempt => attempt.Count == 0);
            if (matches == 0)
            {
                var nearest = attempts.MinBy(attempt => attempt.Count)!;
                errors.Add($"{path}: matches none of the {oneOf.Count} schemas of oneOf; the nearest says: {string.Join("; ", nearest)}");
            }
            else if (matches > 1)
            {
                errors.Add($"{path}: matches {matches} of the schemas of oneOf, not exactly one");
            }
        }

        if (rules["not"] is { } not)
        {
            var attempt = new List<string>();
            Check(not, instance, path, attempt);
            if (attempt.Count == 0)
            {
                errors.Add($"{path}: matches a schema it must not match: {not.ToJsonString()}");
            }
        }
    }

    private List<List<string>> Attempts(JsonArray schemas, JsonNode? instance, string path) =>
        [.. schemas.Select(part =>
        {
            var attempt = new List<string>();
            Check(part, instance, path, attempt);
            return attempt;
        })];

    private JsonNode Resolve(string reference) =>
        reference.StartsWith("#/definitions/", StringComparison.Ordinal)
        && schema["definitions"]?[reference["#/definitions/".Length..]] is { } definition
            ? definition
            : throw new InvalidOperationException($"Cannot resolve $ref '{reference}': only #/definitions/<name> of this schema is supported.");

    private static IEnumerable<string> TypeNames(JsonNode type) =>
        type is JsonArray names ? names.Select(name => (string)name!) : [(string)type!];

    private static bool HasType(JsonNode? instance, string type) => type switch
    {
        "object" => instance is JsonObject,
        "array" => instance is JsonArray,
        "null" => instance is null,
        "string" or "boolean" or "number" or "integer" => instance is JsonValue value && ValueHasType(value, type),
        _ => throw new InvalidOperationException($"Unknown type '{type}'."),
    };

    private static bool ValueHasType(JsonValue value, string type) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => type == "string",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => type == "boolean",
        System.Text.Json.JsonValueKind.Number => type == "number" || (type == "integer" && value.TryGetValue<decimal>(out var number) && number == decimal.Truncate(number)),
        _ => false,
    };

    private static string Describe(JsonNode? instance) => instance?.ToJsonString() ?? "null";
}
