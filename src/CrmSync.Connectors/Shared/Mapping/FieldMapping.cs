using System.Text.Json;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// How one entity of one source becomes Dataverse columns: for each column the source field it comes from (a
/// <see cref="JsonPath"/> within the record), and for contacts the field that holds the parent account's id. Every
/// connector kind maps through this, so a record read from a webhook and the same record read from an API page give
/// the same change.
/// </summary>
public sealed class FieldMapping(string entity, IReadOnlyList<(string Column, JsonPath Field)> columns, JsonPath? parent)
{
    /// <summary>The mapping key that names the parent account's field (Dataverse's lookup column on contact).</summary>
    public const string ParentColumn = "parentcustomerid";

    public string Entity => entity;

    public IReadOnlyList<(string Column, JsonPath Field)> Columns => columns;

    public JsonPath? Parent => parent;

    /// <summary>The top-level source fields the mapping reads, for APIs that are asked for named fields only.</summary>
    public IEnumerable<string> SourceFields =>
        columns.Select(c => c.Field).Append(parent).OfType<JsonPath>().Select(p => p.FirstMember).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The record's columns as raw JSON values. A field the record lacks, or holds as an empty string, is written as
    /// null: a whole record read from the CRM says the value is empty, and CRMs write "empty" both ways.
    /// </summary>
    /// <param name="problem">Words the error (column, what is wrong) when a field holds an object or array; the caller knows where the record came from.</param>
    public Dictionary<string, string> Apply(JsonElement record, Func<string, string, Exception> problem)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, field) in columns)
        {
            if (!field.TryFind(record, out var value) || value.ValueKind == JsonValueKind.String && value.ValueEquals(string.Empty))
            {
                values[column] = "null";
            }
            else if (ChangeValues.IsColumnValue(value))
            {
                values[column] = value.GetRawText();
            }
            else
            {
                throw problem(column, $"holds {value.ValueKind} at '{field}' where a string, number, boolean or null belongs");
            }
        }

        if (parent is not null)
        {
            values[RecordFields.ParentAccountId] = ParentAccount(record, problem);
        }

        return values;
    }

    /// <summary>
    /// The columns a partial record holds (a property-change notification): only the fields present in it, each as
    /// <see cref="Apply"/> would write it, so that columns the notification says nothing about are left alone.
    /// </summary>
    public Dictionary<string, string> ApplyPresent(JsonElement partial, Func<string, string, Exception> problem)
    {
        var values = Apply(partial, problem);
        foreach (var (column, field) in columns.Where(c => !c.Field.TryFind(partial, out _)))
        {
            values.Remove(column);
        }

        if (parent is not null && !parent.TryFind(partial, out _))
        {
            values.Remove(RecordFields.ParentAccountId);
        }

        return values;
    }

    /// <summary>A missing, null or empty parent means "no account"; numeric ids become the string Dataverse keeps.</summary>
    private string ParentAccount(JsonElement record, Func<string, string, Exception> problem)
    {
        if (!parent!.TryFind(record, out var value) || value.ValueKind == JsonValueKind.Null
            || value.ValueKind == JsonValueKind.String && value.ValueEquals(string.Empty))
        {
            return "null";
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetRawText(),
            JsonValueKind.Number => JsonSerializer.Serialize(value.GetRawText()),
            _ => throw problem(ParentColumn, $"holds {value.ValueKind} at '{parent}' where the account's id belongs"),
        };
    }
}
