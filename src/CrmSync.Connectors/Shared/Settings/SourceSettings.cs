using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Shared;

/// <summary>Where a source's settings are and how a kind's own settings class is bound and checked.</summary>
public static class SourceSettings
{
    public static string Prefix(string source) => $"{CrmSyncOptions.SectionName}:Sources:{source}";

    /// <summary>
    /// Binds the kind's named options <typeparamref name="T"/> of source X from <c>CrmSync:Sources:X</c> (the section its
    /// Kind and Secret live in), checks them with <typeparamref name="TValidation"/>, and fails start-up while any
    /// source of <paramref name="kind"/> has wrong settings, with every failure listed.
    /// </summary>
    public static IServiceCollection AddSourceSettings<T, TValidation>(this IServiceCollection services, SourceKind kind)
        where T : class
        where TValidation : class, IValidateOptions<T>
    {
        services.AddSingleton<IConfigureOptions<T>, SectionBinding<T>>();
        services.AddSingleton<IValidateOptions<T>, TValidation>();
        services.AddSingleton<IValidateOptions<CrmSyncOptions>>(provider => new KindValidation<T>(kind, provider.GetRequiredService<IOptionsMonitor<T>>()));
        return services;
    }

    private sealed class SectionBinding<T>(IConfiguration configuration) : IConfigureNamedOptions<T>
        where T : class
    {
        public void Configure(string? name, T options) => configuration.GetSection(Prefix(name ?? Options.DefaultName)).Bind(options);

        public void Configure(T options) => Configure(Options.DefaultName, options);
    }

    private sealed class KindValidation<T>(SourceKind kind, IOptionsMonitor<T> settings) : IValidateOptions<CrmSyncOptions>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
        {
            var failures = new List<string>();
            foreach (var (source, _) in options.Sources.Where(s => s.Value.Kind == kind))
            {
                try
                {
                    _ = settings.Get(source);
                }
                catch (OptionsValidationException ex)
                {
                    failures.AddRange(ex.Failures);
                }
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
