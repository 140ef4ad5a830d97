using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Rest;

/// <summary>Binds the named <see cref="RestSourceOptions"/> of source X from <c>CrmSync:Sources:X</c>, the section its Kind and Secret live in.</summary>
public sealed class RestSourceBinding(IConfiguration configuration) : IConfigureNamedOptions<RestSourceOptions>
{
    public void Configure(string? name, RestSourceOptions options) =>
        configuration.GetSection($"{CrmSyncOptions.SectionName}:Sources:{name}").Bind(options);

    public void Configure(RestSourceOptions options) => Configure(Options.DefaultName, options);
}

/// <summary>
/// Fails start-up while any Rest source's settings are wrong, with every failure listed, so a sync job never
/// discovers a typo hours into a run.
/// </summary>
public sealed class RestSourcesValidation(IOptionsMonitor<RestSourceOptions> rest) : IValidateOptions<CrmSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
    {
        var failures = new List<string>();
        foreach (var (source, _) in options.Sources.Where(s => s.Value.Kind == SourceKind.Rest))
        {
            try
            {
                _ = rest.Get(source);
            }
            catch (OptionsValidationException ex)
            {
                failures.AddRange(ex.Failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
