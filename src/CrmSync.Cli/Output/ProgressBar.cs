namespace CrmSync.Cli.Output;

/// <summary>One line of a sync job's progress: a bar, read/total, percent, rate and ETA; read and rate alone without a total.</summary>
public static class ProgressBar
{
    private const int MinBarWidth = 10;
    private const int MaxBarWidth = 40;

    /// <summary>The line for <paramref name="job"/>, at most <paramref name="width"/> characters, so that a terminal never wraps it.</summary>
    public static string Render(SyncJobView job, int width)
    {
        var line = job.State == SyncJobState.NotStarted && job.Read == 0
            ? $"{job.Id}: waiting for the job to start"
            : job.Total is { } total ? WithTotal(job, total, width) : WithoutTotal(job);
        return line.Length <= width ? line : line[..Math.Max(0, width)];
    }

    private static string WithTotal(SyncJobView job, long total, int width)
    {
        var details = $"{Format.Count(job.Read)}/{Format.Count(total)}  {Format.Percent(job.Read, total),4}  {Format.Rate(job.Rate)}{Eta(job, total)}";
        var barWidth = Math.Clamp(width - details.Length - 3, MinBarWidth, MaxBarWidth);
        return $"{Bar(job.Read, total, barWidth)}  {details}";
    }

    private static string WithoutTotal(SyncJobView job) =>
        $"{Format.Count(job.Read)} read  {Format.Rate(job.Rate)}";

    /// <summary>[####------]: <paramref name="read"/> of <paramref name="total"/> in <paramref name="width"/> characters.</summary>
    public static string Bar(long read, long total, int width)
    {
        var filled = total <= 0 ? width : (int)Math.Min(width, read * width / total);
        return $"[{new string('#', filled)}{new string('-', width - filled)}]";
    }

    /// <summary>The gateway's estimate, or one from the rate; none once the job has ended or while nothing is read.</summary>
    private static string Eta(SyncJobView job, long total)
    {
        if (job.HasEnded)
        {
            return "";
        }

        var seconds = job.EtaSeconds ?? (job.Rate > 0 ? Math.Max(0, total - job.Read) / job.Rate : (double?)null);
        return seconds is { } eta ? $"  ETA {Format.Duration(TimeSpan.FromSeconds(eta))}" : "";
    }
}
