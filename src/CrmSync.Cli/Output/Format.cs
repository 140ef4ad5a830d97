namespace CrmSync.Cli.Output;

/// <summary>Numbers, rates, durations and times as crmsync prints them, the same in every culture.</summary>
public static class Format
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Records per second: whole above 10, one decimal below, so a slow start does not read as zero.</summary>
    public static string Rate(double perSecond) =>
        (perSecond >= 10 ? perSecond.ToString("N0", CultureInfo.InvariantCulture) : perSecond.ToString("0.#", CultureInfo.InvariantCulture)) + "/s";

    public static string Percent(long part, long whole) =>
        whole <= 0 ? "-" : $"{Math.Min(100, part * 100 / whole)}%";

    /// <summary>42s, 3m05s, 2h07m: precise where it matters, short where it does not.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Round(Math.Max(0, span.TotalSeconds));
        return seconds >= 3600 ? $"{seconds / 3600}h{seconds / 60 % 60:00}m"
            : seconds >= 60 ? $"{seconds / 60}m{seconds % 60:00}s"
            : $"{seconds}s";
    }

    public static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static readonly long FirstTimestamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long LastTimestamp = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>
    /// A record's version as the admin API gives it: a timestamp version (UTC ticks, a tie-breaker after a dot) as its
    /// time to the tick, with the tie-breaker after '#'; an integer version as is. Ticks of the years 2000–2099 are read
    /// as times, since no CRM's counter comes near 6.3 × 10^17.
    /// </summary>
    public static string Version(string? version)
    {
        if (version is null)
        {
            return "-";
        }

        var dot = version.IndexOf('.');
        return long.TryParse(dot < 0 ? version : version[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks >= FirstTimestamp && ticks < LastTimestamp
            ? new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + (dot < 0 ? "" : $" #{version[(dot + 1)..]}")
            : version;
    }
}
