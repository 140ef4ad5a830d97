using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Dynamics365;

public static class Dynamics365Registration
{
    public static IServiceCollection AddDynamics365Connector(this IServiceCollection services)
    {
        services.AddSourceSettings<Dynamics365SourceOptions, Dynamics365SourceValidation>(SourceKind.Dynamics365);
        services.AddSingleton(Dynamics365Mapping.Default);
        services.AddSingleton<Dynamics365Client>();
        services.AddSingleton<IWebhookConnector, Dynamics365Connector>();
        services.AddSingleton<IConnectorPageReader, Dynamics365PageReader>();
        services.AddSingleton<IConnectorChangeFeed, Dynamics365ChangeFeed>();
        return services;
    }
}
