namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>Adds the Salesforce REST API and its control endpoints to the simulator, over the same records, stats and faults.</summary>
public static class SalesforceExtensions
{
    public static WebApplicationBuilder AddSalesforceApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SalesforceSimulatorOptions>().Bind(builder.Configuration.GetSection(SalesforceSimulatorOptions.SectionName));
        builder.Services.AddSingleton<SalesforceSessions>();
        builder.Services.AddSingleton<SalesforceRecycleBin>();
        builder.Services.AddSingleton<SalesforceQueries>();
        builder.Services.AddSingleton<SalesforceNotifier>();
        return builder;
    }

    public static WebApplication MapSalesforce(this WebApplication app)
    {
        app.MapSalesforceApi();
        app.MapSalesforceChangesApi();
        return app;
    }
}
