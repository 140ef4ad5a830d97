using System.Text.RegularExpressions;
using CrmSync.Testing.Processes;

namespace CrmSync.Connectors.Tests.Shared;

/// <summary>
/// docs/security.md claims every credential a request carries is compared in constant time. Timing cannot be measured
/// reliably on a shared CI machine, so this test holds the code to the rule instead: no secret, password, key, token or
/// signature of the connectors or the gateway is compared with ==, != or Equals; they go through
/// <see cref="WebhookChecks"/> or <see cref="StandardWebhookSignature"/>, which use CryptographicOperations.FixedTimeEquals.
/// </summary>
public sealed partial class ConstantTimeTests
{
    [Fact]
    public void NoCredentialIsComparedWithAnOrdinaryEquality()
    {
        var files = new[] { "src/CrmSync.Connectors", "src/CrmSync.Gateway" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(ProjectPaths.RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);

        var offences = files
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetRelativePath(ProjectPaths.RepositoryRoot, file), Line: i + 1, Text: line.Trim())))
            .Where(line => OrdinaryComparison().IsMatch(line.Text) && !line.Text.Contains("AuthType.", StringComparison.Ordinal))
            .Select(line => $"{line.File}:{line.Line}: {line.Text}")
            .ToList();

        Assert.True(offences.Count == 0, "Compare credentials with WebhookChecks.FixedTimeEquals:" + Environment.NewLine + string.Join(Environment.NewLine, offences));
    }

    [Fact]
    public void TheRuleCatchesWhatItIsFor()
    {
        Assert.Matches(OrdinaryComparison(), "if (options.Secret == header)");
        Assert.Matches(OrdinaryComparison(), "return expected.Equals(signature, StringComparison.Ordinal);");
        Assert.Matches(OrdinaryComparison(), "if (password != options.WebhookPassword)");
        Assert.DoesNotMatch(OrdinaryComparison(), "if (!WebhookChecks.FixedTimeEquals(options.WebhookKey, code))");
    }

    [GeneratedRegex(@"([Ss]ecret|[Pp]assword|WebhookKey|[Aa]piKey|[Ss]ignature|HeaderValue|[Tt]oken)\w*\s*(==|!=)\s*(?!null\b)\w|\w\s*(==|!=)\s*[\w.]*([Ss]ecret|[Pp]assword|WebhookKey|[Aa]piKey|[Ss]ignature|HeaderValue|[Tt]oken)\b|\.Equals\([^)]*([Ss]ecret|[Pp]assword|Key|[Ss]ignature|[Tt]oken)|([Ss]ecret|[Pp]assword|Key|[Ss]ignature|[Tt]oken)\w*\.(Equals|SequenceEqual)\(")]
    private static partial Regex OrdinaryComparison();
}
