namespace CrmSync.Bench.Harness;

/// <summary>Everything one scenario measured, as printed and as written to its JSON file.</summary>
public sealed class ScenarioResult(string scenario, string title, bool quick, MachineInfo machine, string systemUnderTest)
{
    public string Scenario => scenario;

    public string Title => title;

    public bool Quick => quick;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public double DurationSeconds { get; set; }

    public MachineInfo Machine => machine;

    /// <summary>Started by the harness, or the URL of the running system it drove.</summary>
    public string SystemUnderTest => systemUnderTest;

    /// <summary>The settings the scenario ran with (sizes, rates, limits).</summary>
    public Dictionary<string, object> Parameters { get; } = [];

    public List<ResultTable> Tables { get; } = [];

    public List<TargetCheck> Targets { get; } = [];

    /// <summary>How figures were computed, and where the time went.</summary>
    public List<string> Notes { get; } = [];

    public ResultTable AddTable(string title, params string[] columns)
    {
        var table = new ResultTable(title, columns);
        Tables.Add(table);
        return table;
    }

    public void AddTarget(string name, string target, double measured, string unit, bool met, string? note = null) =>
        Targets.Add(new TargetCheck(name, target, Math.Round(measured, 3), unit, met, note));
}

/// <summary>One table: named columns and rows of values in the same order.</summary>
public sealed class ResultTable(string title, IReadOnlyList<string> columns)
{
    public string Title => title;

    public IReadOnlyList<string> Columns => columns;

    public List<object?[]> Rows { get; } = [];

    public void Add(params object?[] row)
    {
        if (row.Length != columns.Count)
        {
            throw new ArgumentException($"The table '{title}' has {columns.Count} columns; a row of {row.Length} values does not fit.", nameof(row));
        }

        Rows.Add(row);
    }
}

/// <param name="Target">The target as the issue states it, e.g. "≥ 50% of the bare Kestrel ceiling".</param>
/// <param name="Note">Why it was missed, or how the figure was taken.</param>
public sealed record TargetCheck(string Name, string Target, double Measured, string Unit, bool Met, string? Note);
