using CrmSync.CrmSimulator.Auth;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.HubSpot;
using CrmSync.CrmSimulator.Paging;
using CrmSync.CrmSimulator.Pipedrive;
using CrmSync.CrmSimulator.Salesforce;
using CrmSync.CrmSimulator.ServiceNow;
using CrmSync.CrmSimulator.ServiceNow.Push;
using CrmSync.CrmSimulator.Ui;
using CrmSync.CrmSimulator.Zendesk;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.Hosting;

public static class SimulatorExtensions
{
    /// <summary>The simulator's address when neither ASPNETCORE_URLS nor --urls says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5095";

    public static WebApplicationBuilder AddCrmSimulator(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.UseLocalServiceDefaults(DefaultUrl);

        builder.Services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        builder.Services.AddSingleton(services => new DataSet(services.GetRequiredService<IOptions<SimulatorOptions>>().Value));
        builder.Services.AddSingleton<RecordStore>();
        builder.Services.AddSingleton<SimulatorStats>();
        builder.Services.AddSingleton<FaultQueue>();
        builder.Services.AddSingleton(services => new AuthGate(services.GetRequiredService<IOptions<SimulatorOptions>>().Value.Auth));
        builder.Services.AddSingleton<PageServer>();
        builder.Services.AddSingleton<PushClient>();
        builder.AddSalesforceApi();
        builder.AddHubSpotApi();
        return builder;
    }

    /// <summary>
    /// Maps the CRM's /api (its own paging styles and ServiceNow's Table API) and Salesforce's /services and HubSpot's /crm/v3, behind their
    /// credentials and injected faults; the /simulator control endpoints; and the record pages.
    /// </summary>
    public static WebApplication MapCrmSimulator(this WebApplication app)
    {
        app.UseMiddleware<ApiGate>();
        app.MapPagingApi();
        app.MapServiceNowTableApi();
        app.MapServiceNowOAuth();
        app.MapServiceNowChanges();
        app.MapSalesforce();
        app.MapHubSpot();
        app.MapSimulatorControlApi();
        app.MapZendeskApi();
        app.MapZendeskChangesApi();
        app.MapPipedriveApi();
        app.MapPipedriveChangesApi();
        app.MapRecordUi();
        return app;
    }
}
