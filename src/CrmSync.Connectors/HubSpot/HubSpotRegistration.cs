using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.HubSpot;

public static class HubSpotRegistration
{
    public static IServiceCollection AddHubSpotConnector(this IServiceCollection services)
    {
        services.AddSourceSettings<HubSpotSourceOptions, HubSpotSourceValidation>(SourceKind.HubSpot);
        services.AddSingleton(HubSpotMapping.Default);
        services.AddSingleton<HubSpotClient>();
        services.AddSingleton<IWebhookConnector, HubSpotConnector>();
        services.AddSingleton<IConnectorPageReader, HubSpotPageReader>();
        services.AddSingleton<IConnectorChangeFeed, HubSpotChangeFeed>();
        return services;
    }
}
