using System.Text.Json.Serialization;

namespace CrmSync.Gateway.Forecast;

/// <summary>One entity's size at the source: from its last sync job's run, or as the admin says.</summary>
/// <param name="Pages">Pages the last run read; null when no run read them all.</param>
/// <param name="RecordsPerSecond">The last run's measured import rate; null without one.</param>
public sealed record EntitySize(string Entity, long Records, long? Pages, double? RecordsPerSecond, string From);

/// <summary>What the forecast measured (from the usage grain) and was told.</summary>
/// <param name="Observed">How long the usage window is: 24 h once CrmSync has run that long.</param>
/// <param name="Changes">Changes of this source accepted from webhooks and pulls in the window.</param>
/// <param name="AcceptedAll">Changes accepted for every source in the window, imports included: what Dataverse rows were written for.</param>
public sealed record ForecastInputs(
    string Source,
    [property: JsonConverter(typeof(JsonStringEnumConverter<SourceKind>))] SourceKind Kind,
    TimeSpan Observed,
    long Changes,
    long AcceptedAll,
    long DataverseRequests,
    long RowsSent,
    long RequestsWithRows,
    int ApplicationUsers,
    IReadOnlyList<EntitySize> Sizes,
    TimeSpan? PollInterval,
    long? Entitlement);

public sealed record DailyForecast(
    double ChangesPerDay,
    double DataverseRowOperationsPerDay,
    double DataverseRequestsPerDay,
    double SourceCallsPerDayAtMost,
    double SourceCallsPerDayAtLeast,
    double? EntitlementShare);

public sealed record InitialSyncForecast(
    long Records,
    double DataverseRowOperations,
    double DataverseRequests,
    double SourceCalls,
    double FastestSecondsUnderLimits,
    double? SecondsAtMeasuredRate,
    double? EntitlementShareOnItsDay);

public sealed record QuotaForecastResult(
    string Source,
    ForecastInputs Measured,
    double RowsPerRequest,
    double RowsPerAcceptedChange,
    DailyForecast Daily,
    InitialSyncForecast InitialSync,
    IReadOnlyList<string> Assumptions,
    IReadOnlyList<string> Warnings);

/// <summary>
/// The quota forecast's arithmetic, kept apart from where its inputs come from so a test can check it. Dataverse
/// figures follow its documented limits (specs/dataverse.md §5): every row operation counts against the daily Power
/// Platform request entitlement, batch or not; each HTTP request counts against the service-protection limit of 6,000
/// per 5 minutes per application user.
/// </summary>
public static class QuotaForecast
{
    public const double ServiceProtectionRequestsPerSecondPerUser = 6000.0 / 300;
    private const double SecondsPerDay = 86_400;
    private const int AssumedPageSize = 100;
    private const int SyncedEntities = 2;

    public static QuotaForecastResult Compute(ForecastInputs inputs)
    {
        var assumptions = new List<string>();
        var warnings = new List<string>();
        var scale = inputs.Observed > TimeSpan.Zero ? SecondsPerDay / inputs.Observed.TotalSeconds : 0;
        if (inputs.Observed < TimeSpan.FromHours(24))
        {
            assumptions.Add($"The change rate is measured over {Format(inputs.Observed)}, not 24 h, and scaled to a day.");
        }

        var rowsPerRequest = inputs.RequestsWithRows > 0 ? (double)inputs.RowsSent / inputs.RequestsWithRows : 1;
        assumptions.Add(inputs.RequestsWithRows > 0
            ? $"Dataverse requests carry {rowsPerRequest:0.#} rows each, as the writer achieved over the window."
            : "No Dataverse write was measured in the window, so one row per request is assumed.");
        var rowsPerChange = inputs.AcceptedAll > 0 ? Math.Min(1, (double)inputs.RowsSent / inputs.AcceptedAll) : 1;
        assumptions.Add(inputs.AcceptedAll > 0
            ? $"An accepted change costs {rowsPerChange:0.##} row operations on average, as measured (changes to one record that arrive close together share a write)."
            : "Each accepted change is assumed to cost one row operation.");

        var changesPerDay = inputs.Changes * scale;
        var rowsPerDay = changesPerDay * rowsPerChange;
        var (readsBack, readBackBatch) = ReadBack(inputs.Kind);
        var pollCalls = inputs.PollInterval is { } interval && interval > TimeSpan.Zero ? SyncedEntities * SecondsPerDay / interval.TotalSeconds : 0;
        var callsAtMost = (readsBack ? changesPerDay : 0) + pollCalls;
        var callsAtLeast = (readsBack ? changesPerDay / readBackBatch : 0) + pollCalls;
        assumptions.Add(readsBack
            ? $"{inputs.Kind} notifications are read back from the CRM: one call per notification when they come one by one, one per {readBackBatch} in bursts."
            : $"{inputs.Kind} notifications carry the record, so webhooks cost no source API call.");
        if (pollCalls > 0)
        {
            assumptions.Add($"Polling every {Format(inputs.PollInterval!.Value)} costs at least one call per entity each time.");
        }

        var daily = new DailyForecast(
            changesPerDay, rowsPerDay, rowsPerDay / rowsPerRequest, callsAtMost, callsAtLeast,
            inputs.Entitlement is { } entitlement && entitlement > 0 ? rowsPerDay / entitlement : null);

        var records = inputs.Sizes.Sum(size => size.Records);
        var sourceCalls = inputs.Sizes.Sum(size => size.Pages ?? Math.Ceiling((double)size.Records / AssumedPageSize));
        if (inputs.Sizes.Any(size => size.Pages is null))
        {
            assumptions.Add($"Pages not measured by a completed sync are assumed to hold {AssumedPageSize} records.");
        }

        var users = Math.Max(1, inputs.ApplicationUsers);
        var fastest = records / (ServiceProtectionRequestsPerSecondPerUser * users * rowsPerRequest);
        assumptions.Add($"Dataverse's service protection allows {ServiceProtectionRequestsPerSecondPerUser:0} requests a second per application user; CrmSync writes as {users}.");
        var rates = inputs.Sizes.Where(size => size.RecordsPerSecond is > 0).ToList();
        double? atMeasuredRate = rates.Count == inputs.Sizes.Count && rates.Count > 0
            ? inputs.Sizes.Sum(size => size.Records / size.RecordsPerSecond!.Value)
            : null;
        var initial = new InitialSyncForecast(
            records, records, records / rowsPerRequest, sourceCalls, fastest, atMeasuredRate,
            inputs.Entitlement is { } dayEntitlement && dayEntitlement > 0 ? (records + rowsPerDay) / dayEntitlement : null);

        if (daily.EntitlementShare > 1)
        {
            warnings.Add($"The ongoing sync needs {rowsPerDay:N0} row operations a day, more than the entitlement of {inputs.Entitlement:N0}.");
        }
        else if (daily.EntitlementShare > 0.8)
        {
            warnings.Add($"The ongoing sync needs {daily.EntitlementShare:P0} of the daily entitlement.");
        }

        if (initial.EntitlementShareOnItsDay > 1)
        {
            warnings.Add($"The initial sync of {records:N0} records does not fit in one day's entitlement with the ongoing changes; spread it over {Math.Ceiling(initial.EntitlementShareOnItsDay!.Value)} days or buy capacity.");
        }

        return new QuotaForecastResult(inputs.Source, inputs, rowsPerRequest, rowsPerChange, daily, initial, assumptions, warnings);
    }

    /// <summary>Whether a kind's notifications are read back from its API, and how many records one read-back call fetches.</summary>
    public static (bool ReadsBack, int Batch) ReadBack(SourceKind kind) => kind switch
    {
        SourceKind.Zendesk => (true, 100),
        SourceKind.HubSpot => (true, 100),
        SourceKind.Dynamics365 => (true, 50),
        // Microsoft's ServiceNow scripts and Salesforce Outbound Messages are hints; CrmSync's own scripts are not.
        SourceKind.ServiceNow => (true, 100),
        SourceKind.Salesforce => (true, 200),
        _ => (false, 1),
    };

    private static string Format(TimeSpan span) =>
        span >= TimeSpan.FromHours(1) ? $"{span.TotalHours:0.#} h" : span >= TimeSpan.FromMinutes(1) ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";
}
