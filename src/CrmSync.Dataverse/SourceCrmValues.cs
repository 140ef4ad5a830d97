using CrmSync.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.Dataverse;

/// <summary>
/// Each source's msdyn_source_crm choice value: configured, or found by label by the start-up check.
/// </summary>
public sealed class SourceCrmValues(IOptions<CrmSyncOptions> options)
{
    private readonly Dictionary<string, int> _resolved = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string source, int value)
    {
        lock (_resolved)
        {
            _resolved[source] = value;
        }
    }

    /// <summary>The source's value and how its ids become row ids.</summary>
    public SourceRows Rows(string source) =>
        new(For(source), options.Value.Sources.TryGetValue(source, out var configured) && configured.SourceIdsAreRowIds);

    public int For(string source)
    {
        lock (_resolved)
        {
            if (_resolved.TryGetValue(source, out var value))
            {
                return value;
            }
        }

        return options.Value.Sources.TryGetValue(source, out var configured) && configured.SourceCrmValue is { } set
            ? set
            : throw new InvalidOperationException($"Source '{source}' has no msdyn_source_crm value: set CrmSync__Sources__{source}__SourceCrmValue, or let the start-up check find its label in Dataverse.");
    }
}
