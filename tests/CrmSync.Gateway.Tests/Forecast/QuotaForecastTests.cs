using CrmSync.Abstractions;
using CrmSync.Gateway.Forecast;

namespace CrmSync.Gateway.Tests.Forecast;

public sealed class QuotaForecastTests
{
    private static readonly ForecastInputs Zendesk = new(
        "zd", SourceKind.Zendesk, TimeSpan.FromHours(24), Changes: 12_000, AcceptedAll: 20_000, DataverseRequests: 400,
        RowsSent: 18_000, RequestsWithRows: 300, ApplicationUsers: 2,
        [new EntitySize("account", 50_000, 500, 400, "sync run 1"), new EntitySize("contact", 150_000, null, null, "given")],
        PollInterval: TimeSpan.FromMinutes(5), Entitlement: 20_000);

    [Fact]
    public void ADaysChangesBecomeRowOperationsRequestsAndCallsAsMeasured()
    {
        var forecast = QuotaForecast.Compute(Zendesk);

        Assert.Equal(60, forecast.RowsPerRequest);
        Assert.Equal(0.9, forecast.RowsPerAcceptedChange, 9);
        Assert.Equal(12_000, forecast.Daily.ChangesPerDay, 9);
        Assert.Equal(10_800, forecast.Daily.DataverseRowOperationsPerDay, 9);
        Assert.Equal(180, forecast.Daily.DataverseRequestsPerDay, 9);
        // Zendesk reads back: one call per notification at most, one per 100 in bursts; polling adds 2 × 288 calls.
        Assert.Equal(12_000 + 576, forecast.Daily.SourceCallsPerDayAtMost, 9);
        Assert.Equal(120 + 576, forecast.Daily.SourceCallsPerDayAtLeast, 9);
        Assert.Equal(0.54, forecast.Daily.EntitlementShare!.Value, 9);
    }

    [Fact]
    public void TheInitialSyncIsBoundByServiceProtectionAndTheEntitlement()
    {
        var forecast = QuotaForecast.Compute(Zendesk);

        Assert.Equal(200_000, forecast.InitialSync.Records);
        Assert.Equal(200_000 / 60.0, forecast.InitialSync.DataverseRequests, 9);
        Assert.Equal(500 + 1_500, forecast.InitialSync.SourceCalls);
        // 20 requests a second per user, 2 users, 60 rows a request.
        Assert.Equal(200_000 / (20.0 * 2 * 60), forecast.InitialSync.FastestSecondsUnderLimits, 9);
        Assert.Null(forecast.InitialSync.SecondsAtMeasuredRate);
        Assert.Equal((200_000 + 10_800) / 20_000.0, forecast.InitialSync.EntitlementShareOnItsDay!.Value, 9);
        Assert.Contains(forecast.Warnings, warning => warning.Contains("spread it over 11 days", StringComparison.Ordinal));
        Assert.Contains(forecast.Assumptions, assumption => assumption.Contains("assumed to hold 100 records", StringComparison.Ordinal));
    }

    [Fact]
    public void AShortWindowIsScaledToADayAndSaysSo()
    {
        var forecast = QuotaForecast.Compute(Zendesk with { Observed = TimeSpan.FromMinutes(30), Changes = 100, Entitlement = null });

        Assert.Equal(100 * 48, forecast.Daily.ChangesPerDay, 9);
        Assert.Null(forecast.Daily.EntitlementShare);
        Assert.Contains(forecast.Assumptions, assumption => assumption.Contains("30 min, not 24 h", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutMeasuredWritesOneRowPerRequestAndPerChangeIsAssumed()
    {
        var forecast = QuotaForecast.Compute(Zendesk with { Kind = SourceKind.Pipedrive, RowsSent = 0, RequestsWithRows = 0, AcceptedAll = 0, PollInterval = null, Entitlement = 14_000 });

        Assert.Equal((1, 1), (forecast.RowsPerRequest, forecast.RowsPerAcceptedChange));
        Assert.Equal(12_000, forecast.Daily.DataverseRequestsPerDay, 9);
        Assert.Equal((0, 0), (forecast.Daily.SourceCallsPerDayAtMost, forecast.Daily.SourceCallsPerDayAtLeast));
        Assert.Contains(forecast.Warnings, warning => warning.Contains("of the daily entitlement", StringComparison.Ordinal));
    }
}
