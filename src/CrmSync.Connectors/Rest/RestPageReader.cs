using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Rest;

/// <summary>
/// Reads one page of a <see cref="SourceKind.Rest"/> source: the request its paging style asks for, the records
/// as changes, and the cursor of the next page. Everything about the source comes from its settings.
/// </summary>
public sealed class RestPageReader(IOptionsMonitor<RestSourceOptions> sources, RestPageFetcher fetcher) : IConnectorPageReader
{
    public SourceKind Kind => SourceKind.Rest;

    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken) =>
        ReadPageAsync(Resolve(source, entity), cursor, cancellationToken);

    /// <summary>A page of <paramref name="target"/>, whose <see cref="RestEntity.Filter"/> the change feed may have set.</summary>
    public async Task<SourcePage> ReadPageAsync(RestEntity target, string? cursor, CancellationToken cancellationToken)
    {
        var page = await fetcher.GetAsync(target, RestPaging.RequestFor(target, cursor), cancellationToken);
        using var document = Parse(target, page);
        var root = document.RootElement;
        var changes = RestRecords.Read(target, page.Url, root);
        var total = RestPaging.Total(target, page, root);
        return new SourcePage(changes, RestPaging.NextCursor(target, cursor, page, root, changes.Count, total), total);
    }

    public RestEntity Resolve(string source, string entity)
    {
        RestSourceOptions options;
        try
        {
            options = sources.Get(source);
        }
        catch (OptionsValidationException ex)
        {
            throw new SourceReadException(string.Join(" ", ex.Failures), ex);
        }

        return options.Entities.TryGetValue(entity, out var settings)
            ? new RestEntity(source, entity, options, settings)
            : throw new SourceReadException($"Source '{source}' has no settings for {entity}; add CrmSync:Sources:{source}:Entities:{entity} (Path, Paging, Id, Version, Fields) to sync them.");
    }

    private static JsonDocument Parse(RestEntity target, FetchedPage page)
    {
        try
        {
            return JsonDocument.Parse(page.Body);
        }
        catch (JsonException ex)
        {
            throw new SourceReadException($"Page {page.Url} of source '{target.Source}' is not JSON ({ex.Message}); check that {target.SettingsPrefix}:Path points at the API and not at a web page.", ex);
        }
    }
}
