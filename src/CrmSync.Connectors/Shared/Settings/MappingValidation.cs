using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Shared;

/// <summary>Stops start-up while any source's Mapping names a column Dataverse does not have, or a field that is not a path.</summary>
public sealed class MappingValidation(SourceMappings mappings) : IValidateOptions<CrmSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
    {
        var failures = options.Sources.SelectMany(s => mappings.Check(s.Key, s.Value.Kind)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
