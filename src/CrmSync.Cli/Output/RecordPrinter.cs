namespace CrmSync.Cli.Output;

/// <summary>Records as <c>crmsync records</c> prints them.</summary>
public static class RecordPrinter
{
    public static void WriteParked(IReadOnlyList<ParkedRecordItem> items, TextWriter output)
    {
        if (items.Count == 0)
        {
            output.WriteLine("No records are parked.");
            return;
        }

        var table = new TextTable(new Column("RECORD"), new Column("PARKED AT"), new Column("ERROR"));
        foreach (var item in items)
        {
            table.Add(item.Key, Format.Time(item.ParkedAt), item.Error ?? "-");
        }

        table.WriteTo(output);
    }

    public static void WriteDetail(RecordView record, TextWriter output)
    {
        output.WriteLine($"{record.Key}  {record.Status}{(record.Deleted ? " (deleted)" : "")}");
        var rows = new List<(string Name, string Value)>
        {
            ("versions", $"newest {record.Versions.Newest ?? "-"}, upsert {record.Versions.Upsert ?? "-"}, delete {record.Versions.Delete ?? "-"}"),
            ("revisions", $"desired {record.DesiredRevision}, written {record.WrittenRevision}"),
            ("row id", record.RowId.ToString()),
        };
        if (record.ParkedAt is not null)
        {
            rows.Add(("parked at", Format.Time(record.ParkedAt)));
        }

        if (record.LastError is not null)
        {
            rows.Add(("last error", record.LastError));
        }

        Details.Write(rows, output);
        if (record.Fields.Count > 0)
        {
            output.WriteLine("Fields");
            Details.Write(record.Fields.OrderBy(field => field.Key, StringComparer.Ordinal).Select(field => (field.Key, field.Value.GetRawText())), output);
        }

        if (record.RecentChanges.Count > 0)
        {
            output.WriteLine("Recent changes");
            var table = new TextTable(
                new Column("  RECEIVED"), new Column("VERSION"), new Column("OPERATION"), new Column("OUTCOME"), new Column("REVISION", true), new Column("WRITTEN"));
            foreach (var change in record.RecentChanges)
            {
                table.Add($"  {Format.Time(change.ReceivedAt)}", change.Version, change.Operation, change.Outcome, $"{change.Revision}", change.Written ? "yes" : "no");
            }

            table.WriteTo(output);
        }
    }
}
