using System.Collections.Concurrent;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>The records a query matched, fixed when it ran, as Salesforce's server-side cursor keeps them for nextRecordsUrl.</summary>
public sealed record QueryCursor(string Locator, Soql Query, string ApiVersion, int[] Indexes);

/// <summary>Runs queries and keeps their cursors, so <c>/query/{locator}-{offset}</c> pages on through the same result.</summary>
public sealed class SalesforceQueries(SalesforceRecycleBin bin)
{
    /// <summary>Salesforce's query locators are ids with the key prefix 01g.</summary>
    private const string LocatorPrefix = "01g";

    private readonly ConcurrentDictionary<string, QueryCursor> cursors = new(StringComparer.Ordinal);
    private long issued;

    public QueryCursor Run(Soql query, string apiVersion)
    {
        var matched = Matching(query).Where(index => !bin.IsDeleted(query.Entity, index)).Distinct().Order();
        var indexes = (query.Limit is { } limit ? matched.Take(limit) : matched).ToArray();
        var cursor = new QueryCursor(SalesforceIds.IdOf(LocatorPrefix, Interlocked.Increment(ref issued)), query, apiVersion, indexes);
        cursors[cursor.Locator] = cursor;
        return cursor;
    }

    public QueryCursor? Find(string locator) => cursors.GetValueOrDefault(locator);

    public void Clear() => cursors.Clear();

    private IEnumerable<int> Matching(Soql query)
    {
        var store = bin.Store;
        var entity = query.Entity;
        if (query.Ids is { } ids)
        {
            foreach (var id in ids)
            {
                if (SalesforceIds.TryParse(entity, id, out var index) && store.DataSet.Contains(entity, index.Value))
                {
                    yield return index.Value;
                }
            }
        }
        else if (query.ModifiedAfter is { } after && after >= SimRecord.Epoch)
        {
            // Generated records are all at the epoch, so only changed ones can be newer: the change log names them.
            foreach (var change in store.Changes().Where(change => change.Entity == entity.Singular()))
            {
                if (entity.TryParseId(change.Id, out var index) && store.Find(entity, change.Id)!.UpdatedAt > after)
                {
                    yield return index.Value;
                }
            }
        }
        else
        {
            for (var index = 1; index <= store.DataSet.Count(entity); index++)
            {
                yield return index;
            }
        }
    }
}
