namespace CrmSync.Testing.Processes;

/// <summary>The dotnet executable to run resources with: the one running this process, so they share its runtime install.</summary>
public static class DotnetHost
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        // Set by the dotnet CLI for the processes it starts (dotnet run, dotnet test).
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // The shared runtime lives in <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeDirectory = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(runtimeDirectory, "..", "..", ".."));
        var candidate = System.IO.Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
