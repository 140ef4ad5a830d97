namespace CrmSync.Cli.Output;

/// <summary>Name-value lines under a heading, names aligned, as in <c>crmsync sync status &lt;job-id&gt;</c> and <c>records show</c>.</summary>
public static class Details
{
    public static void Write(IEnumerable<(string Name, string Value)> rows, TextWriter output)
    {
        var list = rows.ToList();
        var width = list.Max(row => row.Name.Length);
        foreach (var (name, value) in list)
        {
            output.WriteLine($"  {name.PadRight(width)}  {value}");
        }
    }
}
