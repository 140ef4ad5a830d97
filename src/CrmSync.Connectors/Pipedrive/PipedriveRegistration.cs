using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Pipedrive;

public static class PipedriveRegistration
{
    /// <summary>The Pipedrive kind: its settings and their checks, default mapping, API client, webhooks, page reader and change feed.</summary>
    public static IServiceCollection AddPipedriveConnector(this IServiceCollection services)
    {
        services.AddSourceSettings<PipedriveSourceOptions, PipedriveSourceValidation>(SourceKind.Pipedrive);
        services.AddSingleton(PipedriveMapping.Defaults);
        services.AddSingleton<PipedriveClient>();
        services.AddSingleton<IWebhookConnector, PipedriveConnector>();
        services.AddSingleton<IConnectorPageReader, PipedrivePageReader>();
        services.AddSingleton<IConnectorChangeFeed, PipedriveChangeFeed>();
        return services;
    }
}
