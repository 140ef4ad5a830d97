namespace CrmSync.Cli.Output;

/// <summary>Polls as <c>crmsync poll status</c> prints them, one line per (source, entity), the last round's error last, and under the table any changes a source no longer lists.</summary>
public static class PollPrinter
{
    public static void WriteTable(IReadOnlyList<PollView> polls, TextWriter output)
    {
        if (polls.Count == 0)
        {
            output.WriteLine("No source can be polled; set CrmSync:Sources:<name>:Poll:Interval on a source (every kind has a changed-since query; a Rest source names its own with its UpdatedSince parameter).");
            return;
        }

        var table = new TextTable(
            new Column("POLL"), new Column("EVERY", true), new Column("OVERLAP", true), new Column("ROUNDS", true), new Column("READ", true),
            new Column("ACCEPTED", true), new Column("DUPLICATE", true), new Column("STALE", true), new Column("DELETES", true),
            new Column("LAST ROUND"), new Column("WATERMARK"), new Column("ERROR"));
        foreach (var poll in polls.OrderBy(poll => poll.Id, StringComparer.Ordinal))
        {
            table.Add(
                poll.Id,
                poll is { Scheduled: true, IntervalSeconds: { } every } ? Format.Duration(TimeSpan.FromSeconds(every)) : "off",
                Format.Duration(TimeSpan.FromSeconds(poll.OverlapSeconds)),
                Format.Count(poll.Rounds),
                Format.Count(poll.Read),
                Format.Count(poll.Accepted),
                Format.Count(poll.Duplicate),
                Format.Count(poll.Stale),
                Format.Count(poll.Deletes),
                Format.Time(poll.LastRoundAt),
                Watermark(poll.Watermark),
                poll.Error is null ? "" : $"{poll.FailedRounds} failed: {poll.Error}");
        }

        table.WriteTo(output);
        foreach (var poll in polls.Where(poll => poll.Gap is not null).OrderBy(poll => poll.Id, StringComparer.Ordinal))
        {
            output.WriteLine($"{poll.Id}: {poll.Gap}");
        }
    }

    /// <summary>A delta link is a long URL whose token is what matters; a timestamp or cursor is shown whole.</summary>
    private static string Watermark(string? watermark) =>
        watermark is null ? "-"
        : watermark.IndexOf("$deltatoken=", StringComparison.Ordinal) is var token and >= 0 ? watermark[token..]
        : watermark;
}
