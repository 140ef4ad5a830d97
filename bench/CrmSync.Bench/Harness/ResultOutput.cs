using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmSync.Bench.Harness;

/// <summary>A result as Markdown tables for the terminal (and docs/benchmarks.md), and as JSON for tools.</summary>
public static class ResultOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToMarkdown(ScenarioResult result)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {result.Scenario}: {result.Title}{(result.Quick ? " (--quick)" : "")}").AppendLine();
        text.AppendLine($"Machine: {result.Machine}. System: {result.SystemUnderTest}. Took {result.DurationSeconds:0} s.").AppendLine();
        if (result.Parameters.Count > 0)
        {
            text.AppendLine($"Parameters: {string.Join(", ", result.Parameters.Select(p => $"{p.Key} = {Format(p.Value)}"))}.").AppendLine();
        }

        foreach (var table in result.Tables)
        {
            text.AppendLine($"**{table.Title}**").AppendLine();
            text.AppendLine($"| {string.Join(" | ", table.Columns)} |");
            text.AppendLine($"|{string.Join("|", table.Columns.Select(_ => "---"))}|");
            foreach (var row in table.Rows)
            {
                text.AppendLine($"| {string.Join(" | ", row.Select(Format))} |");
            }

            text.AppendLine();
        }

        if (result.Targets.Count > 0)
        {
            text.AppendLine("| target | wanted | measured | met |").AppendLine("|---|---|---|---|");
            foreach (var target in result.Targets)
            {
                text.AppendLine($"| {target.Name} | {target.Target} | {Format(target.Measured)} {target.Unit} | {(target.Met ? "yes" : "**no**")}{(target.Note is null ? "" : $": {target.Note}")} |");
            }

            text.AppendLine();
        }

        foreach (var note in result.Notes)
        {
            text.AppendLine($"- {note}");
        }

        return text.ToString();
    }

    public static async Task WriteJsonAsync(ScenarioResult result, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, new
        {
            result.Scenario,
            result.Title,
            result.Quick,
            result.StartedAt,
            result.DurationSeconds,
            result.Machine,
            result.SystemUnderTest,
            result.Parameters,
            Tables = result.Tables.Select(table => new
            {
                table.Title,
                table.Columns,
                Rows = table.Rows.Select(row => table.Columns.Zip(row).ToDictionary(cell => cell.First, cell => Raw(cell.Second))),
            }),
            result.Targets,
            result.Notes,
        }, Json);
    }

    /// <summary>Numbers as a reader takes them in: thousands grouped, two decimals for small ones; NaN as a dash.</summary>
    public static string Format(object? value) => value switch
    {
        null => "–",
        double d when double.IsNaN(d) || double.IsInfinity(d) => "–",
        double d when Math.Abs(d) >= 100 => d.ToString("N0", CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 10 => d.ToString("0.0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        int or long => string.Format(CultureInfo.InvariantCulture, "{0:N0}", value),
        bool b => b ? "yes" : "no",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static object? Raw(object? value) => value is double d ? Math.Round(d, 3) : value;
}
