using CrmSync.Connectors.Generic;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors;

public static class ConnectorServiceExtensions
{
    /// <summary>Registers every CRM kind's connector; the gateway picks one by the source's Kind.</summary>
    public static IServiceCollection AddWebhookConnectors(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookConnector, GenericConnector>();
        return services;
    }
}
