using System.Runtime.InteropServices;

namespace CrmSync.Bench.Harness;

/// <summary>The machine a result was measured on, and how busy it was when the scenario started.</summary>
public sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string Os, string Runtime, string LoadAverage)
{
    public static MachineInfo Current() => new(
        ProcFile("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        string.Join(' ', ProcFile("/proc/loadavg").FirstOrDefault()?.Split(' ').Take(3) ?? ["unknown"]));

    public override string ToString() => $"{Cpu}, {Cores} cores, {MemoryGiB} GiB, {Os}, {Runtime}, load average {LoadAverage}";

    private static string[] ProcFile(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];
}
