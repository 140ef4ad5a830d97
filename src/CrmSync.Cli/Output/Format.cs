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
}
