using System.Text.Encodings.Web;
using System.Text.Json;
using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>A Web API answer: status, headers and an optional JSON body.</summary>
public sealed class WebApiResponse(int status)
{
    public const string JsonContentType = "application/json; odata.metadata=minimal";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public int Status => status;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[]? Body { get; private set; }

    public static WebApiResponse NoContent() => new(204);

    public static WebApiResponse Json(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        var response = new WebApiResponse(status) { Body = buffer.WrittenSpan.ToArray() };
        response.Headers["Content-Type"] = JsonContentType;
        return response;
    }

    /// <summary>A body that is not JSON, e.g. a <c>$batch</c> answer.</summary>
    public static WebApiResponse Raw(int status, string contentType, byte[] body)
    {
        var response = new WebApiResponse(status) { Body = body };
        response.Headers["Content-Type"] = contentType;
        return response;
    }

    public static WebApiResponse Error(DataverseException error) => Json(error.Status, writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", error.Code);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public WebApiResponse With(string header, string value)
    {
        Headers[header] = value;
        return this;
    }
}
