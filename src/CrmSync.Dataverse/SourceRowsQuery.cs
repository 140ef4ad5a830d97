using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace CrmSync.Dataverse;

/// <summary>
/// Every row of one source in a table, page by page: filtered on msdyn_source_crm, only the asked columns, paged with
/// <c>Prefer: odata.maxpagesize</c> and <c>@odata.nextLink</c>, so a million rows never sit in memory at once.
/// </summary>
public static class SourceRowsQuery
{
    /// <summary>Dataverse's own maximum page size.</summary>
    public const int MaxPageSize = 5000;

    public static async IAsyncEnumerable<IReadOnlyList<JsonObject>> ReadSourceRowsAsync(
        this DataverseClient client,
        DataverseTable table,
        int sourceCrmValue,
        IEnumerable<string> columns,
        int pageSize = MaxPageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var select = string.Join(',', new[] { table.PrimaryKey, DataverseTables.SourceCrmId }.Concat(columns).Distinct(StringComparer.Ordinal));
        string? url = $"{table.EntitySet}?$select={select}&$filter={Uri.EscapeDataString($"{DataverseTables.SourceCrm} eq {sourceCrmValue}")}";
        while (url is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("OData-MaxVersion", "4.0");
            request.Headers.Add("OData-Version", "4.0");
            request.Headers.Add("Prefer", $"odata.maxpagesize={pageSize}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new DataverseException(await DataverseError.ReadAsync(response, cancellationToken));
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var page = (await JsonNode.ParseAsync(body, cancellationToken: cancellationToken))!.AsObject();
            yield return [.. page["value"]!.AsArray().Select(row => row!.AsObject())];
            // The next link is absolute and repeats the query; HttpClient takes it as it is.
            url = (string?)page["@odata.nextLink"];
        }
    }
}
