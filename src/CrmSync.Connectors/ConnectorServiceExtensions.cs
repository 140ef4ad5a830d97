using CrmSync.Connectors.Dynamics365;
using CrmSync.Connectors.Generic;
using CrmSync.Connectors.HubSpot;
using CrmSync.Connectors.Pipedrive;
using CrmSync.Connectors.Rest;
using CrmSync.Connectors.ServiceNow;
using CrmSync.Connectors.Salesforce;
using CrmSync.Connectors.Zendesk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors;

public static class ConnectorServiceExtensions
{
    /// <summary>
    /// What the process that takes webhooks adds to <see cref="AddConnectors"/>: start-up fails while a webhook secret is
    /// unusable. Silos hold no webhook secrets, so they do not check them.
    /// </summary>
    public static IServiceCollection AddWebhookSecretChecks(this IServiceCollection services) =>
        services.AddSingleton<IValidateOptions<CrmSyncOptions>, WebhookSecretValidation>();

    /// <summary>
    /// Every CRM kind's connector (webhooks), page reader (initial sync) and settings checks, with the mechanics they
    /// share. Needs <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> and <see cref="CrmSyncOptions"/>
    /// bound by the host; wrong settings stop start-up with every failure listed.
    /// </summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services)
    {
        // Retries belong to CrmHttp, which honours Retry-After and words the failure; a second layer would multiply them.
#pragma warning disable EXTEXP0001 // Experimental, but the only way to undo ServiceDefaults' client-wide resilience.
        services.AddHttpClient(CrmHttp.HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new CrmRetryPolicy());
        services.TryAddSingleton<CrmHttp>();
        services.TryAddSingleton<SourceMappings>();
        services.AddSingleton<IValidateOptions<CrmSyncOptions>, MappingValidation>();
        services.AddSingleton<IValidateOptions<CrmSyncOptions>, PollValidation>();
        services.AddOptions<CrmSyncOptions>().ValidateOnStart();
        services.TryAddSingleton<ISourcePageReader, SourcePageReaders>();
        services.TryAddSingleton<ISourceChangeFeed, SourceChangeFeeds>();
        services.TryAddSingleton(new SeenEventIds());

        services.AddGenericConnector();
        services.AddRestConnector();
        services.AddServiceNowConnector();
        services.AddSalesforceConnector();
        services.AddHubSpotConnector();
        services.AddDynamics365Connector();
        services.AddZendeskConnector();
        services.AddPipedriveConnector();
        return services;
    }

    private static IServiceCollection AddGenericConnector(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookConnector>(p => new GenericConnector(SourceKind.Generic, p.GetRequiredService<IOptionsMonitor<CrmSyncOptions>>()));
        return services;
    }

    private static IServiceCollection AddRestConnector(this IServiceCollection services)
    {
        // A Rest source's webhooks are in the generic format, signed with its Secret: same connector, other kind.
        services.AddSingleton<IWebhookConnector>(p => new GenericConnector(SourceKind.Rest, p.GetRequiredService<IOptionsMonitor<CrmSyncOptions>>()));
        services.AddSourceSettings<RestSourceOptions, RestSourceValidation>(SourceKind.Rest);
        services.AddSingleton<RestPageFetcher>();
        services.AddSingleton<RestPageReader>();
        services.AddSingleton<IConnectorPageReader>(provider => provider.GetRequiredService<RestPageReader>());
        services.AddSingleton<IConnectorChangeFeed, RestChangeFeed>();
        return services;
    }
}
