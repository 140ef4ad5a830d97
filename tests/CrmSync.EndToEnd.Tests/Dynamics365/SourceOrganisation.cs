using System.Globalization;
using System.Net.Http.Json;

namespace CrmSync.EndToEnd.Tests.Dynamics365;

/// <summary>
/// The second Dataverse emulator, as the source organisation's own users see it: rows written through its Web API
/// as a user of their own, so that the limits a test sets for CrmSync's application user never throttle the test.
/// Seeded rows have ids the test can name (<see cref="AccountId"/>, <see cref="ContactId"/>).
/// </summary>
public sealed class SourceOrganisation(Uri url) : IDisposable
{
    public const string User = "source-admin";

    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri(url, "api/data/v9.2/"),
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { { "X-Emulator-User", User } },
    };

    public Uri Url { get; } = url;

    /// <summary>Its <c>/emulator</c> endpoints: limits, faults, outages and counters.</summary>
    public EmulatorClient Emulator { get; } = new(url, User);

    public static Guid AccountId(int index) => Guid.Parse($"00000000-0000-0000-0001-{index:D12}");

    public static Guid ContactId(int index) => Guid.Parse($"00000000-0000-0000-0002-{index:D12}");

    /// <summary>Every contact whose index is a multiple of this has no account.</summary>
    public const int EveryContactWithoutAccount = 5;

    /// <summary>
    /// Accounts 1…<paramref name="accounts"/> and contacts 1…<paramref name="contacts"/> through CreateMultiple, a
    /// thousand a request; contact i works for account i modulo <paramref name="accounts"/>, unless it is one without.
    /// </summary>
    public async Task SeedAsync(int accounts, int contacts)
    {
        foreach (var chunk in Enumerable.Range(1, accounts).Chunk(1000))
        {
            await CreateManyAsync("accounts", "account", chunk.Select(i => new Dictionary<string, object?>
            {
                ["accountid"] = AccountId(i),
                ["name"] = $"Account {i}",
                ["telephone1"] = $"+1 555 {i:D6}",
                ["accountnumber"] = $"AC-{i:D6}",
            }));
        }

        foreach (var chunk in Enumerable.Range(1, contacts).Chunk(1000))
        {
            await CreateManyAsync("contacts", "contact", chunk.Select(i =>
            {
                var row = new Dictionary<string, object?>
                {
                    ["contactid"] = ContactId(i),
                    ["firstname"] = $"First {i}",
                    ["lastname"] = $"Last {i}",
                    ["emailaddress1"] = $"contact{i}@example.com",
                };
                if (AccountOf(i, accounts) is { } account)
                {
                    row["parentcustomerid_account@odata.bind"] = $"/accounts({AccountId(account)})";
                }

                return row;
            }));
        }
    }

    public static int? AccountOf(int contact, int accounts) => contact % EveryContactWithoutAccount == 0 ? null : (contact - 1) % accounts + 1;

    public async Task<Guid> CreateAsync(string entitySet, object body)
    {
        using var response = await http.PostAsJsonAsync(entitySet, body);
        await EnsureAsync(response, $"POST {entitySet}");
        var entityId = response.Headers.GetValues("OData-EntityId").Single();
        return Guid.Parse(entityId[(entityId.LastIndexOf('(') + 1)..^1]);
    }

    public async Task UpdateAsync(string entitySet, Guid id, object body)
    {
        using var response = await http.PatchAsJsonAsync($"{entitySet}({id})", body);
        await EnsureAsync(response, $"PATCH {entitySet}({id})");
    }

    public async Task DeleteAsync(string entitySet, Guid id)
    {
        using var response = await http.DeleteAsync($"{entitySet}({id})");
        await EnsureAsync(response, $"DELETE {entitySet}({id})");
    }

    public async Task<JsonObject> RowAsync(string entitySet, Guid id) => (await http.GetFromJsonAsync<JsonObject>($"{entitySet}({id})"))!;

    /// <summary>The deep link the connector writes for a source row: the record's form in the organisation's web client.</summary>
    public string DeepLink(string table, Guid id) =>
        string.Create(CultureInfo.InvariantCulture, $"{Url.GetLeftPart(UriPartial.Authority)}/main.aspx?pagetype=entityrecord&etn={table}&id={id}");

    public void Dispose()
    {
        http.Dispose();
        Emulator.Dispose();
    }

    private async Task CreateManyAsync(string entitySet, string table, IEnumerable<Dictionary<string, object?>> rows)
    {
        var targets = rows.Select(row => new Dictionary<string, object?>(row) { ["@odata.type"] = $"Microsoft.Dynamics.CRM.{table}" }).ToList();
        using var response = await http.PostAsJsonAsync($"{entitySet}/Microsoft.Dynamics.CRM.CreateMultiple", new Dictionary<string, object> { ["Targets"] = targets });
        await EnsureAsync(response, $"CreateMultiple of {targets.Count} {entitySet}");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
