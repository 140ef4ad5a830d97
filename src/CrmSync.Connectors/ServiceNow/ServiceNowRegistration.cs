using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.ServiceNow;

public static class ServiceNowRegistration
{
    /// <summary>The ServiceNow kind: its settings and their checks, default mapping, Table API client, webhooks and page reader.</summary>
    public static IServiceCollection AddServiceNowConnector(this IServiceCollection services)
    {
        services.AddSourceSettings<ServiceNowSourceOptions, ServiceNowSourceValidation>(SourceKind.ServiceNow);
        services.AddSingleton(ServiceNowMapping.Defaults);
        services.AddSingleton<ServiceNowClient>();
        services.AddSingleton<ServiceNowConnector>();
        services.AddSingleton<IWebhookConnector>(provider => provider.GetRequiredService<ServiceNowConnector>());
        services.AddSingleton<IConnectorPageReader, ServiceNowPageReader>();
        services.AddSingleton<IConnectorChangeFeed, ServiceNowChangeFeed>();
        return services;
    }
}
