using System.Buffers;
using System.Globalization;
using System.Text;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Pipedrive;

/// <summary>
/// The webhooks v2 notifications Pipedrive sends for an edit: a change (data = the record now, previous = the old
/// values of the fields that changed), a delete (data null, previous = the last state), and for a merge a delete of the
/// merged record with meta.merged_to_id plus a change of the survivor with meta.merged_from_id. Basic credentials only.
/// </summary>
public static class PipedriveEvents
{
    public static IEnumerable<(Dictionary<string, string> Headers, string Body)> For(EditResult edit, ChangesRequest request)
    {
        var headers = new Dictionary<string, string>();
        if (request.Username is not null)
        {
            headers["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{request.Username}:{request.Password}"));
        }

        var deletedAt = edit.DeletedVersion is { } version ? SimRecord.Epoch.AddSeconds(version - 1) : (DateTimeOffset?)null;
        return edit.Action switch
        {
            "change" => [(headers, Body("change", edit.After, edit.After.UpdatedAt, edit.Before, request, merged: null))],
            "delete" => [(headers, Body("delete", edit.Before, deletedAt!.Value, edit.Before, request, merged: null))],
            _ =>
            [
                (headers, Body("delete", edit.Before, deletedAt!.Value, edit.Before, request, merged: ("merged_to_id", edit.Survivor!))),
                (headers, Body("change", edit.Survivor!, edit.Survivor!.UpdatedAt, null, request, merged: ("merged_from_id", edit.Before))),
            ],
        };
    }

    private static string Body(string action, SimRecord record, DateTimeOffset at, SimRecord? previous, ChangesRequest request, (string Name, SimRecord Other)? merged)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("meta");
            writer.WriteString("action", action);
            writer.WriteString("entity", record.Entity == SimEntity.Account ? "organization" : "person");
            writer.WriteString("entity_id", PipedriveJson.Id(record).ToString(CultureInfo.InvariantCulture));
            writer.WriteString("id", Guid.NewGuid().ToString());
            writer.WriteString("company_id", "1");
            writer.WriteBoolean("is_bulk_edit", false);
            if (request.TimestampForm == "unix")
            {
                writer.WriteString("timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteString("timestamp", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            }

            writer.WriteString("type", "general");
            writer.WriteString("version", "2.0");
            writer.WriteString("change_source", "app");
            writer.WriteNumber("attempt", 1);
            if (merged is var (name, other))
            {
                writer.WriteString(name, PipedriveJson.Id(other).ToString(CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
            writer.WritePropertyName("data");
            if (action == "delete")
            {
                writer.WriteNullValue();
            }
            else
            {
                PipedriveJson.Write(writer, record);
            }

            writer.WritePropertyName("previous");
            if (previous is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                PipedriveJson.Write(writer, previous);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
