using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>The <c>Prefer</c> header values the emulator honours (specs/dataverse.md §7).</summary>
/// <param name="ContinueOnError">A <c>$batch</c> goes on after a failed request (<c>odata.continue-on-error</c>).</param>
/// <param name="TrackChanges">The collection GET starts change tracking (<c>odata.track-changes</c>): its answer ends with a delta link.</param>
/// <param name="LookupLogicalNames">
/// Rows name each lookup's table (<c>_x_value@Microsoft.Dynamics.CRM.lookuplogicalname</c>), asked for with
/// <c>odata.include-annotations</c> naming that annotation, <c>Microsoft.Dynamics.CRM.*</c> or <c>*</c>.
/// </param>
public sealed record Preferences(bool ReturnRepresentation, int? MaxPageSize, bool ContinueOnError, bool TrackChanges = false, bool LookupLogicalNames = false)
{
    public static Preferences Parse(StringValues headers)
    {
        var returnRepresentation = false;
        int? maxPageSize = null;
        var continueOnError = false;
        var trackChanges = false;
        var lookupLogicalNames = false;
        foreach (var preference in headers.SelectMany(Split))
        {
            var equals = preference.IndexOf('=');
            var name = (equals < 0 ? preference : preference[..equals]).Trim();
            var value = equals < 0 ? "" : preference[(equals + 1)..].Trim().Trim('"');
            switch (name.ToLowerInvariant())
            {
                case "return" when value.Equals("representation", StringComparison.OrdinalIgnoreCase):
                    returnRepresentation = true;
                    break;
                case "odata.maxpagesize" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0:
                    maxPageSize = size;
                    break;
                case "odata.track-changes" or "track-changes":
                    trackChanges = true;
                    break;
                case "odata.include-annotations" or "include-annotations":
                    lookupLogicalNames = value.Split(',', StringSplitOptions.TrimEntries)
                        .Any(annotation => annotation is "*" or "Microsoft.Dynamics.CRM.*" or RecordJson.LookupLogicalName);
                    break;
                // OData 4.01 also allows the name without its prefix, and an explicit "=false".
                case "odata.continue-on-error" or "continue-on-error":
                    continueOnError = !value.Equals("false", StringComparison.OrdinalIgnoreCase);
                    break;
            }
        }

        return new Preferences(returnRepresentation, maxPageSize, continueOnError, trackChanges, lookupLogicalNames);
    }

    // Commas separate preferences, except inside a quoted value such as odata.include-annotations="a,b".
    private static IEnumerable<string> Split(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            yield break;
        }

        var start = 0;
        var quoted = false;
        for (var index = 0; index <= header.Length; index++)
        {
            if (index == header.Length || (header[index] == ',' && !quoted))
            {
                yield return header[start..index];
                start = index + 1;
            }
            else if (header[index] == '"')
            {
                quoted = !quoted;
            }
        }
    }
}
