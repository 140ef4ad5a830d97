using System.Diagnostics;
using CrmSync.Testing.Salesforce;

namespace CrmSync.Salesforce.Apex.Tests;

/// <summary>crm/salesforce/tools/parse-apex.mjs, run under node as CI runs it.</summary>
public static class NodeTool
{
    public static string ToolsDirectory => Path.Combine(ApexSource.ProjectDirectory, "tools");

    public static bool IsInstalled =>
        Directory.Exists(Path.Combine(ToolsDirectory, "node_modules", "@apexdevtools", "apex-parser")) && NodeOnPath;

    private static bool NodeOnPath =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "node")));

    /// <summary>Parses every .cls and .trigger under <paramref name="folder"/>; the exit code and everything printed.</summary>
    public static async Task<(int ExitCode, string Output)> ParseAsync(string folder)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ToolsDirectory };
        start.ArgumentList.Add("parse-apex.mjs");
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
