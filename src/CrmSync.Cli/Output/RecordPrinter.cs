using System.Text.Json;

namespace CrmSync.Cli.Output;

/// <summary>Records as <c>crmsync records</c> prints them.</summary>
public static class RecordPrinter
{
    /// <param name="status">"parked" or "kept".</param>
    public static void WriteListed(IReadOnlyList<ParkedRecordItem> items, string status, TextWriter output)
    {
        if (items.Count == 0)
        {
            output.WriteLine($"No records are {status}.");
            return;
        }

        var kept = status == "kept";
        var table = new TextTable(new Column("RECORD"), new Column(kept ? "KEPT AT" : "PARKED AT"), new Column(kept ? "EDIT" : "ERROR"));
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
            ("versions", $"newest {Format.Version(record.Versions.Newest)}, upsert {Format.Version(record.Versions.Upsert)}, delete {Format.Version(record.Versions.Delete)}"),
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

        if (record.DataverseEdits is { Count: > 0 } edits)
        {
            output.WriteLine("Edits made in Dataverse");
            var table = new TextTable(new Column("  FOUND"), new Column("POLICY"), new Column("EDIT"));
            foreach (var edit in edits)
            {
                table.Add($"  {Format.Time(edit.FoundAt)}", edit.Policy, Describe(edit));
            }

            table.WriteTo(output);
        }

        if (record.RecentChanges.Count > 0)
        {
            output.WriteLine("Recent changes");
            var table = new TextTable(
                new Column("  RECEIVED"), new Column("VERSION"), new Column("OPERATION"), new Column("OUTCOME"), new Column("REVISION", true), new Column("WRITTEN"));
            foreach (var change in record.RecentChanges)
            {
                table.Add($"  {Format.Time(change.ReceivedAt)}", Format.Version(change.Version), change.Operation, change.Outcome, $"{change.Revision}", change.Written ? "yes" : "no");
            }

            table.WriteTo(output);
        }
    }

    private static string Describe(DataverseEditView edit) => edit.RowDeleted
        ? "row deleted in Dataverse"
        : edit.Columns.Count == 0
            ? $"row changed (now {edit.RowETag})"
            : string.Join("; ", edit.Columns.Select(c => $"{c.Key}: {Raw(c.Value.InDataverse)} in Dataverse, {Raw(c.Value.FromCrm)} from the CRM"));

    private static string Raw(JsonElement? value) => value?.GetRawText() ?? "null";
}
