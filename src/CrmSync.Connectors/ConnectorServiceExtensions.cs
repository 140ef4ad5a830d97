using CrmSync.Connectors.Generic;
using CrmSync.Connectors.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors;

public static class ConnectorServiceExtensions
{
    /// <summary>Registers every CRM kind's connector; the gateway picks one by the source's Kind.</summary>
    public static IServiceCollection AddWebhookConnectors(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookConnector>(new GenericConnector(SourceKind.Generic));
        // A Rest source's webhooks are in the generic format, signed with its Secret: same connector, other kind.
        services.AddSingleton<IWebhookConnector>(new GenericConnector(SourceKind.Rest));
        return services;
    }

    /// <summary>
    /// The <see cref="ISourcePageReader"/> of the initial sync, with the REST connector's settings checked at start-up.
    /// Needs <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> and <see cref="CrmSyncOptions"/> bound by the host.
    /// </summary>
    public static IServiceCollection AddSourcePageReaders(this IServiceCollection services)
    {
        services.AddHttpClient(RestPageFetcher.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new RestRetryPolicy());
        services.AddSingleton<IConfigureOptions<RestSourceOptions>, RestSourceBinding>();
        services.AddSingleton<IValidateOptions<RestSourceOptions>, RestSourceValidation>();
        services.AddSingleton<IValidateOptions<CrmSyncOptions>, RestSourcesValidation>();
        services.AddOptions<CrmSyncOptions>().ValidateOnStart();
        services.AddSingleton<RestPageFetcher>();
        services.AddSingleton<RestPageReader>();
        services.AddSingleton<ISourcePageReader, SourcePageReaders>();
        return services;
    }
}
