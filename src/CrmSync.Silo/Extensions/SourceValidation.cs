using CrmSync.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.Silo.Extensions;

/// <summary>Stops start-up when a source's rows could not be written, saying what to set.</summary>
public sealed class SourceValidation : IValidateOptions<CrmSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
    {
        var failures = options.Sources
            .Where(s => s.Value.SourceCrmValue is null)
            .Select(s => $"Source '{s.Key}' has no msdyn_source_crm value: set CrmSync__Sources__{s.Key}__SourceCrmValue to its choice value in Dataverse.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
