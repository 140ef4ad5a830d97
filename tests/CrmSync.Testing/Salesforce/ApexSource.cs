using System.Text;
using System.Text.RegularExpressions;

namespace CrmSync.Testing.Salesforce;

/// <summary>
/// Reads what CrmSync's shipped Apex says, from crm/salesforce itself, so a .NET test checks the very strings the
/// Apex tests assert and the two cannot drift. Plain BCL only: projects that do not reference CrmSync.Testing link this file.
/// </summary>
public static partial class ApexSource
{
    /// <summary>crm/salesforce, found above the running test assembly next to CrmSync.sln.</summary>
    public static string ProjectDirectory { get; } = FindProjectDirectory();

    public static string ClassesDirectory => Path.Combine(ProjectDirectory, "force-app", "main", "default", "classes");

    /// <summary>The value of <c>static final String {name} = '…';</c> in the class, as Apex reads the literal.</summary>
    public static string StringConstant(string className, string name)
    {
        var source = File.ReadAllText(Path.Combine(ClassesDirectory, className + ".cls"));
        var match = Regex.Match(source, $@"\b{Regex.Escape(name)}\s*=\s*'((?:[^'\\]|\\.)*)'\s*;");
        return match.Success
            ? Unescape(match.Groups[1].Value)
            : throw new InvalidOperationException($"{className}.cls has no String constant {name}; the test and the Apex disagree on its name.");
    }

    /// <summary>The value of <c>static final Long {name} = 123L;</c> in the class.</summary>
    public static long LongConstant(string className, string name)
    {
        var source = File.ReadAllText(Path.Combine(ClassesDirectory, className + ".cls"));
        var match = Regex.Match(source, $@"\b{Regex.Escape(name)}\s*=\s*(\d+)L\s*;");
        return match.Success
            ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{className}.cls has no Long constant {name}.");
    }

    /// <summary>Apex string escapes: \' \" \\ \n \r \t \b \f.</summary>
    private static string Unescape(string literal)
    {
        var text = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] != '\\' || i + 1 == literal.Length)
            {
                text.Append(literal[i]);
                continue;
            }

            text.Append(literal[++i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', var other => other });
        }

        return text.ToString();
    }

    private static string FindProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmSync.sln")))
            {
                return Path.Combine(directory.FullName, "crm", "salesforce");
            }
        }

        throw new InvalidOperationException($"No CrmSync.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
