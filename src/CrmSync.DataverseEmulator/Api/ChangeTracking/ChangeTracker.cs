using System.Globalization;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Query;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Api.ChangeTracking;

/// <summary>
/// Change tracking (specs/crm-apis.md §D3): a collection GET with <c>Prefer: odata.track-changes</c> answers every row
/// and a <c>@odata.deltaLink</c>; the delta link answers the rows changed since, then a <c>$deletedEntity</c> stub per
/// row deleted since, and a new delta link. Tokens are <c>{versionnumber}!{UTC date}</c> and expire after
/// <see cref="EmulatorOptions.ChangeTrackingRetention"/>. Unlike Dataverse, the emulator does not page these answers.
/// </summary>
public sealed class ChangeTracker(EmulatorDatabase database, IOptions<EmulatorOptions> options, TimeProvider clock)
{
    private const string DateFormat = "MM/dd/yyyy HH:mm:ss";

    public WebApiResponse Start(WebApiRequest request, ResourcePath path)
    {
        // The token comes before the read: a row committed between the two is sent again next time, never missed.
        var token = database.CommittedVersion;
        var query = QueryOptions.SelectOnly(path.Table, request.Query);
        return Answer(request, path, query, Rows(path.Table, 0), [], token);
    }

    public WebApiResponse Delta(WebApiRequest request, ResourcePath path)
    {
        var since = Parse(request.Query["$deltatoken"].ToString());
        var token = database.CommittedVersion;
        var query = QueryOptions.SelectOnly(path.Table, request.Query);
        return Answer(request, path, query, Rows(path.Table, since), Deleted(path.Table, since), token);
    }

    private long Parse(string token)
    {
        var bang = token.IndexOf('!');
        if (bang < 1 || !long.TryParse(token[..bang], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !DateTime.TryParseExact(token[(bang + 1)..], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var issued))
        {
            throw new DataverseException(400, DataverseErrors.InvalidRequest, $"The delta token '{token}' is not one this environment issued.");
        }

        if (clock.GetUtcNow().UtcDateTime - issued > options.Value.ChangeTrackingRetention)
        {
            throw new DataverseException(400, DataverseErrors.ChangeTrackingTokenExpired, "The change tracking token has expired; start change tracking again with Prefer: odata.track-changes.");
        }

        return version;
    }

    private List<Row> Rows(TableDefinition table, long since)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StorageColumns.SelectList(table)} FROM {StorageColumns.Quote(table.LogicalName)} WHERE {Row.VersionColumn} > @v ORDER BY {Row.VersionColumn}";
        command.Parameters.AddWithValue("@v", since);
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(RowSql.Read(reader, table));
        }

        return rows;
    }

    private List<string> Deleted(TableDefinition table, long since)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {SchemaDdl.DeletedTable} WHERE tablename = @t AND version > @v ORDER BY version";
        command.Parameters.AddWithValue("@t", table.LogicalName);
        command.Parameters.AddWithValue("@v", since);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private WebApiResponse Answer(WebApiRequest request, ResourcePath path, QueryOptions query, List<Row> rows, List<string> deleted, long token) =>
        WebApiResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", RecordJson.CollectionContext(request.ServiceRoot, path.Table, query.SelectText) + "/$delta");
            writer.WriteStartArray("value");
            foreach (var row in rows)
            {
                RecordJson.WriteEntity(writer, row, query.Select, lookupLogicalNames: request.Preferences.LookupLogicalNames);
            }

            foreach (var id in deleted)
            {
                writer.WriteStartObject();
                writer.WriteString("@odata.context", $"{request.ServiceRoot}$metadata#{path.Table.EntitySetName}/$deletedEntity");
                writer.WriteString("id", id);
                writer.WriteString("reason", "deleted");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            var select = query.SelectText is null ? "" : $"$select={Uri.EscapeDataString(query.SelectText)}&";
            var issued = clock.GetUtcNow().UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
            writer.WriteString("@odata.deltaLink", $"{request.ServiceRoot}{path.Table.EntitySetName}?{select}$deltatoken={Uri.EscapeDataString($"{token}!{issued}")}");
            writer.WriteEndObject();
        }).With("Preference-Applied", "odata.track-changes");
}
