using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CrmSync.AppHost.Manifest;

/// <summary>Writes <see cref="CrmSyncManifest"/> as Aspire's publisher does: indented by two spaces, in declaration order.</summary>
public static class ManifestPublisher
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // The same bytes on every machine, whatever its line endings; and "{…}" and "$" unescaped, as people read them.
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The manifest's text for a manifest kept in <paramref name="manifestDirectory"/>.</summary>
    public static string Render(string manifestDirectory)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            CrmSyncManifest.Build(manifestDirectory).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Publish(string manifestPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(manifestPath, Render(directory));
    }
}
