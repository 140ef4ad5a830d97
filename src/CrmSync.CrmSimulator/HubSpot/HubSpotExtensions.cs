namespace CrmSync.CrmSimulator.HubSpot;

public static class HubSpotExtensions
{
    public static WebApplicationBuilder AddHubSpotApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubSpotArchive>();
        builder.Services.AddSingleton<HubSpotNotifier>();
        return builder;
    }

    /// <summary>HubSpot's CRM v3 objects API and the control endpoint that makes HubSpot send webhooks.</summary>
    public static WebApplication MapHubSpot(this WebApplication app)
    {
        app.MapHubSpotApi();
        app.MapHubSpotChanges();
        return app;
    }
}
