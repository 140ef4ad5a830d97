using System.Text.Json.Nodes;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>Dataverse's Label complex type: the localized labels and the one in the caller's language (always 1033 here).</summary>
public static class Labels
{
    private const int English = 1033;

    public static JsonObject Of(string text, params string[] owner)
    {
        return new JsonObject
        {
            ["LocalizedLabels"] = new JsonArray(Localized()),
            ["UserLocalizedLabel"] = Localized(),
        };

        JsonObject Localized() => new()
        {
            ["Label"] = text,
            ["LanguageCode"] = English,
            ["IsManaged"] = true,
            ["MetadataId"] = MetadataIds.For([.. owner, "label"]),
            ["HasChanged"] = null,
        };
    }

    public static JsonObject Empty() => new() { ["LocalizedLabels"] = new JsonArray(), ["UserLocalizedLabel"] = null };
}
