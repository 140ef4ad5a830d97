using Microsoft.Extensions.Options;

namespace CrmSync.Connectors;

/// <summary>The page reader a sync job uses: it hands each source to the reader of its kind.</summary>
public sealed class SourcePageReaders(IOptionsMonitor<CrmSyncOptions> sync, IEnumerable<IConnectorPageReader> readers) : ISourcePageReader
{
    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken)
    {
        if (!sync.CurrentValue.Sources.TryGetValue(source, out var options))
        {
            throw new SourceReadException($"No source named '{source}' is configured; add it under CrmSync:Sources:{source} with a Kind that can be read (Rest, ServiceNow, Salesforce, …) to sync it.");
        }

        if (!Entities.IsKnown(entity))
        {
            throw new SourceReadException($"'{entity}' is not an entity CrmSync syncs; use account or contact.");
        }

        var reader = readers.FirstOrDefault(r => r.Kind == options.Kind);
        return reader is not null ? reader.ReadPageAsync(source, entity, cursor, cancellationToken)
            : options.Kind == SourceKind.Generic ? throw new SourceReadException($"Source '{source}' is a Generic (webhook-only) source; set CrmSync:Sources:{source}:Kind to Rest with its BaseUrl and Entities to sync it.")
            : throw new SourceReadException($"Source '{source}' is of kind {options.Kind}, which has no page reader yet; sync it through its webhooks.");
    }
}
