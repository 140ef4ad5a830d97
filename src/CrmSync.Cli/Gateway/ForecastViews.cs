namespace CrmSync.Cli.Gateway;

// GET /admin/forecast/{source}, as crmsync reads it (src/CrmSync.Gateway/Forecast/QuotaForecast.cs).

public sealed record ForecastEntitySize(string Entity, long Records, long? Pages, double? RecordsPerSecond, string From);

public sealed record ForecastMeasured(
    string Source,
    string Kind,
    TimeSpan Observed,
    long Changes,
    long AcceptedAll,
    long DataverseRequests,
    long RowsSent,
    long RequestsWithRows,
    int ApplicationUsers,
    IReadOnlyList<ForecastEntitySize> Sizes,
    TimeSpan? PollInterval,
    long? Entitlement);

public sealed record ForecastDaily(
    double ChangesPerDay,
    double DataverseRowOperationsPerDay,
    double DataverseRequestsPerDay,
    double SourceCallsPerDayAtMost,
    double SourceCallsPerDayAtLeast,
    double? EntitlementShare);

public sealed record ForecastInitialSync(
    long Records,
    double DataverseRowOperations,
    double DataverseRequests,
    double SourceCalls,
    double FastestSecondsUnderLimits,
    double? SecondsAtMeasuredRate,
    double? EntitlementShareOnItsDay);

public sealed record ForecastView(
    string Source,
    ForecastMeasured Measured,
    double RowsPerRequest,
    double RowsPerAcceptedChange,
    ForecastDaily Daily,
    ForecastInitialSync InitialSync,
    IReadOnlyList<string> Assumptions,
    IReadOnlyList<string> Warnings);
