namespace CrmSync.Cli.Output;

/// <summary>A column of a <see cref="TextTable"/>; counts read best aligned right.</summary>
public sealed record Column(string Header, bool AlignRight = false);

/// <summary>Columns aligned with spaces. The last column is not padded, so that one long error does not widen every line.</summary>
public sealed class TextTable(params Column[] columns)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells.Length == columns.Length
        ? cells
        : throw new ArgumentException($"A row of this table has {columns.Length} cells, not {cells.Length}.", nameof(cells)));

    public void WriteTo(TextWriter output)
    {
        var widths = columns.Select((column, i) => _rows.Select(row => row[i].Length).Append(column.Header.Length).Max()).ToArray();
        foreach (var row in _rows.Prepend([.. columns.Select(column => column.Header)]))
        {
            var cells = row.Select((cell, i) => columns[i].AlignRight ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
