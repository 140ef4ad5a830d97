using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Zendesk;

public static class ZendeskRegistration
{
    /// <summary>The Zendesk kind: its settings and their checks, the signing secret's format, default mapping, API client, webhooks, page reader and change feed.</summary>
    public static IServiceCollection AddZendeskConnector(this IServiceCollection services)
    {
        services.AddSourceSettings<ZendeskSourceOptions, ZendeskSourceValidation>(SourceKind.Zendesk);
        services.AddSingleton(new WebhookSecretFormat(SourceKind.Zendesk, secret => secret.Trim().Length >= 16, "the webhook's signing secret (signing_secret.secret from GET /api/v2/webhooks/{id}/signing_secret)"));
        services.AddSingleton(ZendeskMapping.Defaults);
        services.AddSingleton<ZendeskClient>();
        services.AddSingleton<ZendeskConnector>();
        services.AddSingleton<IWebhookConnector>(provider => provider.GetRequiredService<ZendeskConnector>());
        services.AddSingleton<IConnectorPageReader, ZendeskPageReader>();
        services.AddSingleton<IConnectorChangeFeed, ZendeskChangeFeed>();
        return services;
    }
}
