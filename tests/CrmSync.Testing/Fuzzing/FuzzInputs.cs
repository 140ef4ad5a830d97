using System.Globalization;

namespace CrmSync.Testing.Fuzzing;

/// <summary>
/// How many inputs a fuzz run makes: CRMSYNC_FUZZ_INPUTS, the one setting of every connector's fuzz test, or a few
/// thousand by default, so that the whole test suite stays quick; the long run sets it to 100000 or more.
/// </summary>
public static class FuzzInputs
{
    public const string Variable = "CRMSYNC_FUZZ_INPUTS";

    public const long Default = 3_000;

    public static long Count { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>A set value that is not a positive whole number stops the run rather than silently fuzzing the default.</summary>
    public static long Parse(string? value) =>
        value is null or "" ? Default
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count
        : throw new InvalidOperationException($"{Variable} is '{value}'; set it to a positive whole number of inputs, or unset it for {Default:N0}.");
}
