using System.Diagnostics;
using CrmSync.Testing;
using CrmSync.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Gateway.Tests.Security;

/// <summary>
/// The build refuses a package with a known vulnerability (docs/security.md). The registry this project restores from
/// may publish no vulnerability data, so the test serves NuGet's vulnerability feed itself, on loopback, naming one real
/// advisory, and restores a throwaway project under the repository's own Directory.Build.props.
/// </summary>
public sealed class NuGetAuditTests
{
    private const string Advisory = "https://github.com/advisories/GHSA-5crp-9r3c-p9vr";

    [Fact]
    public async Task APackageWithAKnownVulnerabilityFailsTheBuild()
    {
        await using var feed = await StartVulnerabilityFeedAsync();
        using var project = new TempDirectory("crmsync-audit-");
        File.Copy(Path.Combine(ProjectPaths.RepositoryRoot, "Directory.Build.props"), Path.Combine(project.Path, "Directory.Build.props"));
        await File.WriteAllTextAsync(Path.Combine(project.Path, "Directory.Packages.props"), """
            <Project>
              <ItemGroup>
                <PackageVersion Include="Newtonsoft.Json" Version="12.0.1" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project.Path, "Audited.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project.Path, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <auditSources>
                <clear />
                <add key="loopback" value="{feed.Urls.Single()}/v3/index.json" allowInsecureConnections="true" />
              </auditSources>
            </configuration>
            """);

        var (exitCode, output) = await RunAsync("dotnet", ["restore", "--force"], project.Path);

        Assert.True(exitCode != 0, $"The restore succeeded:{Environment.NewLine}{output}");
        Assert.Contains("error NU1903", output);
        Assert.Contains(Advisory, output);
    }

    private static async Task<WebApplication> StartVulnerabilityFeedAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        string Base(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";
        app.MapGet("/v3/index.json", (HttpContext context) => Results.Json(new
        {
            version = "3.0.0",
            resources = new[] { new Dictionary<string, string> { ["@id"] = $"{Base(context)}/vulnerabilities/index.json", ["@type"] = "VulnerabilityInfo/6.7.0" } },
        }));
        app.MapGet("/vulnerabilities/index.json", (HttpContext context) => Results.Json(new[]
        {
            new Dictionary<string, string> { ["@name"] = "base", ["@id"] = $"{Base(context)}/vulnerabilities/base.json", ["@updated"] = "2026-01-01T00:00:00Z" },
        }));
        // Severity 2 is "high"; the range is the advisory's: every version before 13.0.1.
        app.MapGet("/vulnerabilities/base.json", () => Results.Json(new Dictionary<string, object>
        {
            ["newtonsoft.json"] = new[] { new { url = Advisory, severity = 2, versions = "(, 13.0.1)" } },
        }));
        await app.StartAsync();
        return app;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(fileName, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await errors);
    }
}
