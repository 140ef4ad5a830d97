namespace CrmSync.AppHost;

/// <summary>
/// The AppHost's own switches (<c>--demo</c>, <c>--cluster</c>, <c>--silos 3</c>) as configuration keys under
/// <c>CrmSync</c>, so that Aspire's command-line configuration, which reads every <c>--key</c> as taking the next
/// argument for its value, does not swallow the switch after a flag. Aspire's own arguments (<c>--publisher</c>,
/// <c>--output-path</c>) and <c>key=value</c> settings pass through unchanged.
/// </summary>
public static class AppHostArguments
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--demo"] = "CrmSync:Demo",
        ["--cluster"] = "CrmSync:Cluster",
    };

    private static readonly Dictionary<string, string> Valued = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--silos"] = "CrmSync:Silos",
        ["--demo-accounts"] = "CrmSync:DemoAccounts",
    };

    public static string[] ToConfiguration(IReadOnlyList<string> args)
    {
        var translated = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (Flags.TryGetValue(args[i], out var flag))
            {
                translated.Add($"--{flag}=true");
            }
            else if (Valued.TryGetValue(args[i], out var key))
            {
                translated.Add(i + 1 < args.Count
                    ? $"--{key}={args[++i]}"
                    : throw new ArgumentException($"{args[i]} needs a value, e.g. {args[i]} 3."));
            }
            else
            {
                translated.Add(args[i]);
            }
        }

        return [.. translated];
    }
}
