using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Salesforce;

public static class SalesforceServiceExtensions
{
    /// <summary>The Salesforce kind's settings, default mapping, API client, page reader, read-back and webhook connector.</summary>
    public static IServiceCollection AddSalesforceConnector(this IServiceCollection services)
    {
        services.AddSourceSettings<SalesforceSourceOptions, SalesforceSourceValidation>(SourceKind.Salesforce);
        services.AddSingleton(SalesforceMapping.Default);
        services.AddSingleton<SalesforceClient>();
        services.AddSingleton<SalesforceReadBack>();
        services.AddSingleton<IConnectorPageReader, SalesforcePageReader>();
        services.AddSingleton<IConnectorChangeFeed, SalesforceChangeFeed>();
        services.AddSingleton<IWebhookConnector, SalesforceConnector>();
        return services;
    }
}
