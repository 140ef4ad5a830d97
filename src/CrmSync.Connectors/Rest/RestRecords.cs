using System.Text.Json;

namespace CrmSync.Connectors.Rest;

/// <summary>
/// Turns a page's records into changes exactly as the generic webhook parser would: the same version rules
/// (<see cref="ChangeValues"/>), every configured column present (JSON null when the record lacks it, since a full
/// read of the record says the value is empty), the deep link, and a contact's account. IsComplete stays false:
/// columns the settings do not map are left as they are in Dataverse.
/// </summary>
public sealed class RestRecords
{
    private readonly RestEntity target;
    private readonly Uri page;
    private readonly JsonPath id;
    private readonly JsonPath version;
    private readonly JsonPath? url;
    private readonly FieldMapping fields;

    private RestRecords(RestEntity target, Uri page)
    {
        var settings = target.Settings;
        this.target = target;
        this.page = page;
        id = JsonPath.Parse(settings.Id!);
        version = JsonPath.Parse(settings.Version!);
        url = settings.Url is { } urlPath ? JsonPath.Parse(urlPath) : null;
        var parent = target.Entity == Entities.Contact && settings.ParentAccountId is { } parentPath ? JsonPath.Parse(parentPath) : null;
        fields = new FieldMapping(target.Entity, [.. settings.Fields.Select(field => (field.Key, JsonPath.Parse(field.Value)))], parent);
    }

    public static IReadOnlyList<RecordChange> Read(RestEntity target, Uri page, JsonElement root)
    {
        var records = JsonPath.Parse(target.Settings.Records);
        if (!records.TryFind(root, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SourceReadException($"Page {page} of source '{target.Source}' has no array of records at '{records}'; check {target.SettingsPrefix}:Records.");
        }

        var reader = new RestRecords(target, page);
        return [.. array.EnumerateArray().Select(reader.ToChange)];
    }

    private RecordChange ToChange(JsonElement record, int index)
    {
        var sourceId = ReadId(record, index);
        if (!version.TryFind(record, out var versionValue) || !ChangeValues.TryParseVersion(versionValue, out var parsedVersion))
        {
            throw Fail($"'{sourceId}'", $"has no integer or RFC 3339 timestamp version at '{version}'", "Version");
        }

        var values = fields.Apply(record, (column, problem) =>
            Fail($"'{sourceId}'", problem, column == FieldMapping.ParentColumn ? "ParentAccountId" : $"Fields:{column}"));
        if (url is not null)
        {
            values[RecordFields.SourceUrl] = url.TryFind(record, out var link) && ChangeValues.IsColumnValue(link) ? link.GetRawText()
                : link.ValueKind == JsonValueKind.Undefined ? "null"
                : throw Fail($"'{sourceId}'", $"holds {link.ValueKind} at '{url}' where a string, number, boolean or null belongs", "Url");
        }
        else if (target.Settings.UrlTemplate is { } template)
        {
            values[RecordFields.SourceUrl] = JsonSerializer.Serialize(template.Replace("{id}", Uri.EscapeDataString(sourceId), StringComparison.Ordinal));
        }

        return new RecordChange(target.Entity, sourceId, ChangeOperation.Upsert, parsedVersion, values, IsComplete: false);
    }

    /// <summary>Ids are strings in most APIs and numbers in some (Pipedrive, Zendesk); both become the string Dataverse keeps.</summary>
    private string ReadId(JsonElement record, int index)
    {
        if (id.TryFind(record, out var value))
        {
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                return text;
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                return value.GetRawText();
            }
        }

        throw Fail($"[{index}]", $"has no string or number id at '{id}'", "Id");
    }

    private SourceReadException Fail(string record, string problem, string setting) =>
        new($"Record {record} on page {page} of source '{target.Source}' {problem}; check {target.SettingsPrefix}:{setting}.");
}
