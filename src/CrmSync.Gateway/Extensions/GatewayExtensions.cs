using CrmSync.Gateway.Admin;
using CrmSync.Gateway.Webhooks;

namespace CrmSync.Gateway.Extensions;

public static class GatewayExtensions
{
    /// <summary>Connectors, source configuration (checked at start-up) and the intake that feeds record grains.</summary>
    public static IHostApplicationBuilder AddWebhookIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddConnectors().AddWebhookSecretChecks();
        builder.Services.AddSingleton<WebhookIntake>();
        builder.Services.AddSingleton<ChangesInFlight>();
        builder.Services.AddSingleton<SiloDeaths>();
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.SectionName))
            .Validate(options => options.MaxChangesInFlight >= 1, $"{WebhookOptions.SectionName}:MaxChangesInFlight must be at least 1; leave it out for the default of 1000.")
            .ValidateOnStart();
        builder.Services.AddOptions<CrmSyncOptions>()
            .Bind(builder.Configuration.GetSection(CrmSyncOptions.SectionName))
            .ValidateOnStart();
        return builder;
    }

    /// <summary>The admin API's key (<c>CrmSync:AdminApiKey</c>) and the filter that asks for it.</summary>
    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AdminApiOptions>(builder.Configuration.GetSection(AdminApiOptions.SectionName));
        return builder;
    }
}
