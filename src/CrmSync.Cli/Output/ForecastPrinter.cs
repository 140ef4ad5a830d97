namespace CrmSync.Cli.Output;

/// <summary>A forecast as a person reads it: what was measured, the daily cost, the initial sync, and every assumption.</summary>
public static class ForecastPrinter
{
    public static void Write(ForecastView forecast, TextWriter output)
    {
        var measured = forecast.Measured;
        output.WriteLine($"Forecast for {forecast.Source} ({measured.Kind})");
        output.WriteLine();
        output.WriteLine($"Measured over {Format.Duration(measured.Observed)}: {Format.Count(measured.Changes)} changes accepted from {forecast.Source}; "
            + $"{Format.Count(measured.DataverseRequests)} Dataverse requests carrying {Format.Count(measured.RowsSent)} rows "
            + $"({Number(forecast.RowsPerRequest)} rows per write request) as {measured.ApplicationUsers} application user(s).");
        foreach (var size in measured.Sizes)
        {
            output.WriteLine($"  {size.Entity}: {Format.Count(size.Records)} records ({size.From})");
        }

        output.WriteLine();
        var daily = forecast.Daily;
        var table = new TextTable(new Column("per day"), new Column("estimate", AlignRight: true));
        table.Add("changes", Number(daily.ChangesPerDay));
        table.Add("Dataverse row operations (entitlement)", Number(daily.DataverseRowOperationsPerDay) + Share(daily.EntitlementShare));
        table.Add("Dataverse requests (service protection)", Number(daily.DataverseRequestsPerDay));
        table.Add("CRM API calls", daily.SourceCallsPerDayAtLeast == daily.SourceCallsPerDayAtMost
            ? Number(daily.SourceCallsPerDayAtMost)
            : $"{Number(daily.SourceCallsPerDayAtLeast)} to {Number(daily.SourceCallsPerDayAtMost)}");
        table.WriteTo(output);

        output.WriteLine();
        var initial = forecast.InitialSync;
        var sync = new TextTable(new Column("initial sync"), new Column("estimate", AlignRight: true));
        sync.Add("records", Format.Count(initial.Records));
        sync.Add("Dataverse row operations (entitlement)", Number(initial.DataverseRowOperations) + Share(initial.EntitlementShareOnItsDay, "of its day, with the day's changes"));
        sync.Add("Dataverse requests", Number(initial.DataverseRequests));
        sync.Add("CRM API calls", Number(initial.SourceCalls));
        sync.Add("fastest under Dataverse's limits", Format.Duration(TimeSpan.FromSeconds(initial.FastestSecondsUnderLimits)));
        if (initial.SecondsAtMeasuredRate is { } seconds)
        {
            sync.Add("at the last sync's measured rate", Format.Duration(TimeSpan.FromSeconds(seconds)));
        }

        sync.WriteTo(output);
        output.WriteLine();
        output.WriteLine("Assumptions:");
        foreach (var assumption in forecast.Assumptions)
        {
            output.WriteLine($"  - {assumption}");
        }

        foreach (var warning in forecast.Warnings)
        {
            output.WriteLine($"Warning: {warning}");
        }
    }

    private static string Number(double value) => Math.Round(value).ToString("N0", CultureInfo.InvariantCulture);

    private static string Share(double? share, string of = "of the entitlement") =>
        share is { } value ? $" ({(value * 100).ToString("0.#", CultureInfo.InvariantCulture)}% {of})" : "";
}
