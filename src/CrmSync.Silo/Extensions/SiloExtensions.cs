using CrmSync.Abstractions;
using CrmSync.Grains;
using CrmSync.Silo.Storage;
using CrmSync.Dataverse;
using Orleans.Configuration;

namespace CrmSync.Silo.Extensions;

public static class SiloExtensions
{
    public const string StateConnectionName = "silostate";

    /// <summary>
    /// The embedded default: one silo on localhost, grain state and reminders in one SQLite file
    /// (<c>ConnectionStrings:silostate</c>), record grains configured from <c>CrmSync</c>.
    /// </summary>
    public static IHostApplicationBuilder AddCrmSyncSilo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CrmSyncOptions>().Bind(builder.Configuration.GetSection(CrmSyncOptions.SectionName));
        // Registered before Orleans so that no grain runs against an environment that cannot take its rows.
        builder.Services.AddHostedService<EnvironmentCheck>();
        builder.Services.Configure<RecordGrainOptions>(builder.Configuration.GetSection(RecordGrainOptions.SectionName));

        var orleans = builder.Configuration.GetSection("Orleans");
        var stateConnection = builder.Configuration.GetConnectionString(StateConnectionName) ?? "Data Source=crmsync-silo.db";
        var resumePeriod = builder.Configuration.GetSection(RecordGrainOptions.SectionName).GetValue("ResumePeriod", new RecordGrainOptions().ResumePeriod);

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                orleans.GetValue("Endpoints:SiloPort", 11111),
                orleans.GetValue("Endpoints:GatewayPort", 30000),
                serviceId: orleans["ServiceId"] ?? "crmsync",
                clusterId: orleans["ClusterId"] ?? "crmsync");
            silo.AddSqliteGrainStorage(StorageNames.Records, o => o.ConnectionString = stateConnection);
            silo.UseSqliteReminderService(o => o.ConnectionString = stateConnection);
            // A pending write resumes within one period of a restart; Orleans' one-minute floor would hide shorter settings.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = resumePeriod < o.MinimumReminderPeriod ? resumePeriod : o.MinimumReminderPeriod);
        });
        return builder;
    }
}
