namespace CrmSync.Cli.Output;

/// <summary>Sync jobs as <c>crmsync sync status</c> prints them: all in a table, or one in detail.</summary>
public static class JobPrinter
{
    public static void WriteTable(IReadOnlyList<SyncJobView> jobs, TextWriter output)
    {
        if (jobs.Count == 0)
        {
            output.WriteLine("No sync job has been started; start one with `crmsync sync start <source> <entity>`.");
            return;
        }

        var table = new TextTable(
            new Column("JOB"), new Column("STATE"), new Column("READ", true), new Column("TOTAL", true), new Column("DONE", true),
            new Column("WRITTEN", true), new Column("PARKED", true), new Column("RATE", true), new Column("ETA", true), new Column("UPDATED"));
        foreach (var job in jobs.OrderBy(job => job.Id, StringComparer.Ordinal))
        {
            table.Add(
                job.Id,
                job.State.ToString(),
                Format.Count(job.Read),
                job.Total is { } total ? Format.Count(total) : "-",
                job.Total is { } whole ? Format.Percent(job.Read, whole) : "-",
                Format.Count(job.Written),
                Format.Count(job.Parked),
                Format.Rate(job.Rate),
                job.EtaSeconds is { } eta && !job.HasEnded ? Format.Duration(TimeSpan.FromSeconds(eta)) : "-",
                Format.Time(job.UpdatedAt));
        }

        table.WriteTo(output);
    }

    public static void WriteDetail(SyncJobView job, int width, TextWriter output)
    {
        output.WriteLine($"{job.Id}  {job.State} (run {job.Run})");
        var rows = new List<(string Name, string Value)>
        {
            ("progress", ProgressBar.Render(job, Math.Max(20, width - 14))),
            ("pages", Format.Count(job.Pages)),
            ("read", job.Total is { } total ? $"{Format.Count(job.Read)} of {Format.Count(total)}" : Format.Count(job.Read)),
            ("accepted", Format.Count(job.Accepted)),
            ("stale", Format.Count(job.Stale)),
            ("duplicate", Format.Count(job.Duplicate)),
            ("written", Format.Count(job.Written)),
            ("parked", Format.Count(job.Parked)),
            ("rate", Format.Rate(job.Rate)),
            ("started", Format.Time(job.StartedAt)),
            ("updated", Format.Time(job.UpdatedAt)),
            ("completed", Format.Time(job.CompletedAt)),
        };
        if (job.Error is not null)
        {
            rows.Add(("error", job.Error));
        }

        Details.Write(rows, output);
    }
}
