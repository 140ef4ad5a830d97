using CrmSync.DataverseEmulator.Faults;
using CrmSync.DataverseEmulator.Protection;
using CrmSync.DataverseEmulator.Schema;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>Refuses at start-up a configuration the emulator cannot honour, naming the key and what to do.</summary>
public sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            problems.Add("Emulator:DatabasePath is empty; set it to the SQLite file the emulator should use.");
        }

        if (options.MaxPageSize is <= 0 or > 5000)
        {
            problems.Add("Emulator:MaxPageSize must be between 1 and 5000.");
        }

        if (options.DopHint <= 0)
        {
            problems.Add("Emulator:DopHint must be a positive number.");
        }

        problems.AddRange(ServiceProtectionLimits.From(options.Limits, Math.Max(1, options.DopHint)).Problems().Select(problem => $"Emulator:Limits:{problem}"));
        problems.AddRange(new FaultSettings(options.Faults.LatencyMilliseconds, options.Faults.ErrorRate).Problems().Select(problem => $"Emulator:Faults:{problem}"));
        if (options.Faults.OutageSeconds < 0)
        {
            problems.Add("Emulator:Faults:OutageSeconds must be 0 or more.");
        }

        problems.AddRange(SchemaCustomization.Problems(options.Schema));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
