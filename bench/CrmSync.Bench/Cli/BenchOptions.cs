using System.Globalization;

namespace CrmSync.Bench.Cli;

/// <summary>A command line the harness cannot run; the message says what is wrong and what to do.</summary>
public sealed class BenchUsageException(string message) : Exception(message);

/// <summary>What one run of the harness is asked to do.</summary>
/// <param name="Scenario">A scenario's name, or <c>all</c>.</param>
/// <param name="Out">Where the JSON result goes; by default <c>&lt;scenario&gt;-result.json</c> in the current directory.</param>
/// <param name="Target">A running system's gateway to drive instead of starting one.</param>
/// <param name="Secret">The running system's webhook secret of the generic source.</param>
/// <param name="Dataverse">The running system's Dataverse emulator.</param>
/// <param name="Silo">The running system's silo HTTP endpoint (diagnostics); the memory scenario needs it.</param>
/// <param name="Verbose">Show the started resources' output.</param>
/// <param name="Minutes">How long a scenario that runs for a chosen time (the soak) runs.</param>
public sealed record BenchOptions(
    string Scenario,
    bool Quick = false,
    string? Out = null,
    Uri? Target = null,
    string? Secret = null,
    Uri? Dataverse = null,
    Uri? Silo = null,
    bool Verbose = false,
    double? Minutes = null)
{
    public const string All = "all";

    public const string Usage = """
        usage: dotnet run -c Release --project bench/CrmSync.Bench -- <scenario|all> [--quick] [--out result.json] [--minutes N]
                   [--target <gateway url> --secret <whsec_…> --dataverse <emulator url> [--silo <silo url>]] [--verbose]
        """;

    /// <summary>The JSON file of one scenario's result.</summary>
    public string OutPathFor(string scenario) =>
        Out is not null && Scenario != All ? Path.GetFullPath(Out)
        : Out is not null ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Out)) ?? ".", $"{scenario}-result.json"))
        : Path.GetFullPath($"{scenario}-result.json");

    public static BenchOptions Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> scenarios)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new BenchUsageException($"Name a scenario first ({string.Join(", ", scenarios)} or {All}).");
        }

        var scenario = args[0];
        if (scenario != All && !scenarios.Contains(scenario))
        {
            throw new BenchUsageException($"There is no scenario '{scenario}'; choose one of {string.Join(", ", scenarios)} or {All}.");
        }

        var options = new BenchOptions(scenario);
        for (var i = 1; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--verbose" => options with { Verbose = true },
                "--out" => options with { Out = Value(args, ref i) },
                "--target" => options with { Target = Url(args, ref i) },
                "--secret" => options with { Secret = Value(args, ref i) },
                "--dataverse" => options with { Dataverse = Url(args, ref i) },
                "--silo" => options with { Silo = Url(args, ref i) },
                "--minutes" => options with { Minutes = PositiveNumber(args, ref i) },
                var other => throw new BenchUsageException($"'{other}' is not an option of the harness; see the usage above."),
            };
        }

        if (options.Target is not null && (options.Secret is null || options.Dataverse is null))
        {
            throw new BenchUsageException("--target needs --secret (the generic source's whsec_… secret) and --dataverse (the emulator's URL) too.");
        }

        if (options.Target is null && (options.Secret ?? (object?)options.Dataverse ?? options.Silo) is not null)
        {
            throw new BenchUsageException("--secret, --dataverse and --silo describe a running system; give its gateway with --target as well.");
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        if (++i >= args.Count || args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new BenchUsageException($"{name} needs a value after it.");
        }

        return args[i];
    }

    private static double PositiveNumber(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        var text = Value(args, ref i);
        return double.TryParse(text, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new BenchUsageException($"{name} '{text}' is not a positive number; give one such as 30 or 0.5.");
    }

    private static Uri Url(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        var text = Value(args, ref i);
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new BenchUsageException($"{name} '{text}' is not an http(s) URL; give one such as http://127.0.0.1:5080.");
    }
}
