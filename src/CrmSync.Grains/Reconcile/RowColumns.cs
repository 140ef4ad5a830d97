using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.Dataverse;

namespace CrmSync.Grains.Reconcile;

/// <summary>
/// A record's mapped columns as a row shows them, in one canonical text per value, so that a source record, a grain's
/// desired state and a Dataverse row compare equal exactly when the row says what the record says. A contact's
/// account is compared as the lookup's value (<c>_parentcustomerid_value</c>), the row id the bind names.
/// </summary>
public static class RowColumns
{
    public const string ParentLookup = "_parentcustomerid_value";

    /// <summary>The row column and the canonical value a field asks for.</summary>
    public static (string Column, string Value) Expected(string field, string json, SourceRows rows) =>
        field == RecordFields.ParentAccountId
            ? (ParentLookup, JsonSerializer.Deserialize<string?>(json) is { } accountId ? rows.RowId(accountId).ToString() : "null")
            : (field, Canonical(JsonNode.Parse(json)));

    /// <summary>The canonical value of <paramref name="column"/> in a row; a column the row leaves out is null.</summary>
    public static string Actual(JsonObject row, string column) =>
        row.TryGetPropertyValue(column, out var node) ? Canonical(node) : "null";

    /// <summary>The columns of <paramref name="fields"/> whose values the row does not hold.</summary>
    public static List<string> Differing(IReadOnlyDictionary<string, string> fields, JsonObject row, SourceRows rows)
    {
        var differing = new List<string>();
        foreach (var (field, json) in fields)
        {
            var (column, value) = Expected(field, json, rows);
            if (Actual(row, column) != value)
            {
                differing.Add(column);
            }
        }

        differing.Sort(StringComparer.Ordinal);
        return differing;
    }

    /// <summary>FNV-1a, 64 bits, over column=value lines in column order: eight bytes per record, whatever its size.</summary>
    public static ulong Hash(IEnumerable<(string Column, string Value)> columns)
    {
        var hash = 14695981039346656037UL;
        foreach (var (column, value) in columns.OrderBy(c => c.Column, StringComparer.Ordinal))
        {
            hash = Mix(Mix(Mix(hash, column), "="), value);
            hash = Mix(hash, "\n");
        }

        return hash;
    }

    private static ulong Mix(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Strings and GUIDs lower-cased only where Dataverse does not keep case (ids); numbers without trailing zeros.</summary>
    private static string Canonical(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return node is null ? "null" : node.ToJsonString();
        }

        // Parsed nodes hold their JSON element; a node built in code is read back from its text.
        var element = value.TryGetValue<JsonElement>(out var parsed) ? parsed : JsonSerializer.SerializeToElement(value);
        return element.ValueKind switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.String when Guid.TryParse(element.GetString(), out var id) => id.ToString(),
            JsonValueKind.String => JsonSerializer.Serialize(element.GetString()),
            JsonValueKind.Number when element.TryGetDecimal(out var number) => number.ToString("0.############################", CultureInfo.InvariantCulture),
            _ => element.GetRawText(),
        };
    }
}
