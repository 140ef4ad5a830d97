using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.Hosting;

/// <summary>Refuses at start-up a configuration the simulator cannot honour, naming the key and what to do.</summary>
public sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var problems = new List<string>();
        if (options.Accounts is < 0 or > SimulatorOptions.MaxRecords)
        {
            problems.Add($"Simulator:Accounts must be between 0 and {SimulatorOptions.MaxRecords:N0}.");
        }

        if (options.Contacts is < 0 or > SimulatorOptions.MaxRecords)
        {
            problems.Add($"Simulator:Contacts must be between 0 and {SimulatorOptions.MaxRecords:N0}.");
        }

        if (options.OrphanContactPercent is < 0 or > 100)
        {
            problems.Add("Simulator:OrphanContactPercent must be between 0 and 100.");
        }

        if (options.PageDelayMs < 0)
        {
            problems.Add("Simulator:PageDelayMs must be 0 or more.");
        }

        if (options.MaxPageSize < 1)
        {
            problems.Add("Simulator:MaxPageSize must be 1 or more.");
        }

        if (options.Auth.Problem() is { } authProblem)
        {
            problems.Add($"Simulator:Auth: {authProblem}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
