using System.Globalization;
using System.Text.Encodings.Web;

namespace CrmSync.CrmSimulator.Data;

/// <summary>A record as the simulator's API shows it: id, the entity's fields, version, updatedAt and a deep link.</summary>
public static class RecordJson
{
    /// <summary>Writes '+' and '&amp;' as themselves, as CRMs do, not as \u002B and \u0026; nothing here is embedded in HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter writer, SimRecord record, string baseUrl)
    {
        writer.WriteStartObject();
        writer.WriteString("id", record.Id);
        var fields = record.Entity.Fields();
        for (var i = 0; i < fields.Count; i++)
        {
            if (record.Values[i] is { } value)
            {
                writer.WriteString(fields[i], value);
            }
            else
            {
                writer.WriteNull(fields[i]);
            }
        }

        writer.WriteNumber("version", record.Version);
        writer.WriteString("updatedAt", record.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        writer.WriteString("url", $"{baseUrl}/ui/{record.Entity.Plural()}/{record.Id}");
        writer.WriteEndObject();
    }

    /// <summary>Where this request reached the simulator, e.g. <c>http://127.0.0.1:5095</c>; links and record URLs start with it.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
