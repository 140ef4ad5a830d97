namespace CrmSync.Cli.Output;

/// <summary>A reconcile's progress line: its phase, then a bar when the phase's total is known, else a count and rate.</summary>
public static class ReconcileLine
{
    public static string Render(ReconcileView run, int width)
    {
        var phase = run.Phase switch
        {
            "ReadingSource" => "reading the source",
            "ReadingDataverse" => "reading Dataverse",
            "Checking" => "checking grains",
            "Repairing" => "repairing",
            var other => other.ToLowerInvariant(),
        };
        var head = $"{run.Id} {phase}";
        var line = run.Total is { } total and > 0
            ? WithBar(head, run, total, width)
            : $"{head}  {Format.Count(run.Done)}  {Format.Rate(run.Rate)}";
        return line.Length <= width ? line : line[..Math.Max(0, width)];
    }

    private static string WithBar(string head, ReconcileView run, long total, int width)
    {
        var details = $"{Format.Count(run.Done)}/{Format.Count(total)}  {Format.Percent(run.Done, total),4}{(run.HasEnded ? "" : $"  {Format.Rate(run.Rate)}")}";
        // Two gaps of two spaces and the bar's brackets besides the bar itself.
        var barWidth = Math.Clamp(width - head.Length - details.Length - 6, 10, 40);
        return $"{head}  {ProgressBar.Bar(Math.Min(run.Done, total), total, barWidth)}  {details}";
    }
}
