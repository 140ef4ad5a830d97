using CrmSync.Abstractions;
using CrmSync.Connectors;
using CrmSync.Grains;
using CrmSync.Grains.Polling;
using CrmSync.Grains.Sync;
using CrmSync.Silo.Storage;
using CrmSync.Dataverse;
using Orleans.Configuration;

namespace CrmSync.Silo.Extensions;

public static class SiloExtensions
{
    public const string StateConnectionName = "silostate";

    /// <summary>
    /// Record grains configured from <c>CrmSync</c>, on the providers the <c>Orleans</c> section names the way Aspire's
    /// Orleans integration writes them (<c>Orleans:Clustering:ProviderType=Redis</c> and <c>ServiceKey</c>, likewise
    /// <c>Orleans:GrainStorage:records</c> and <c>Orleans:Reminders</c>): Orleans registers those itself from the
    /// providers' <c>[RegisterProvider]</c> attributes. What the section leaves out is the embedded default: one silo on
    /// localhost, grain state and reminders in one SQLite file (<c>ConnectionStrings:silostate</c>).
    /// </summary>
    public static IHostApplicationBuilder AddCrmSyncSilo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CrmSyncOptions>().Bind(builder.Configuration.GetSection(CrmSyncOptions.SectionName));
        // Registered before Orleans so that no grain runs against an environment that cannot take its rows.
        builder.Services.AddHostedService<EnvironmentCheck>();
        builder.Services.Configure<RecordGrainOptions>(builder.Configuration.GetSection(RecordGrainOptions.SectionName));
        builder.Services.Configure<SyncJobOptions>(builder.Configuration.GetSection(SyncJobOptions.SectionName));
        builder.Services.Configure<PollGrainOptions>(builder.Configuration.GetSection(PollGrainOptions.SectionName));
        builder.Services.AddConnectors();
        builder.AddOrleansRedisClients();

        var orleans = builder.Configuration.GetSection("Orleans");
        var stateConnection = builder.Configuration.GetConnectionString(StateConnectionName) ?? "Data Source=crmsync-silo.db";
        var recordResume = builder.Configuration.GetSection(RecordGrainOptions.SectionName).GetValue("ResumePeriod", new RecordGrainOptions().ResumePeriod);
        var syncResume = builder.Configuration.GetSection(SyncJobOptions.SectionName).GetValue("ResumePeriod", new SyncJobOptions().ResumePeriod);
        var pollResume = builder.Configuration.GetSection(PollGrainOptions.SectionName).GetValue("ResumePeriod", new PollGrainOptions().ResumePeriod);
        var resumePeriod = new[] { recordResume, syncResume, pollResume }.Min();
        var kubernetes = builder.Configuration.GetValue<bool>(ClusterExtensions.KubernetesHostingKey);

        builder.UseOrleans(silo =>
        {
            if (orleans.GetSection("Clustering").Exists())
            {
                silo.UseClusterDefaults(orleans, kubernetes);
            }
            else
            {
                silo.UseLocalhostClustering(
                    orleans.GetValue("Endpoints:SiloPort", 11111),
                    orleans.GetValue("Endpoints:GatewayPort", 30000),
                    serviceId: orleans["ServiceId"] ?? "crmsync",
                    clusterId: orleans["ClusterId"] ?? "crmsync");
            }

            if (!orleans.GetSection($"GrainStorage:{StorageNames.Records}").Exists())
            {
                silo.AddSqliteGrainStorage(StorageNames.Records, o => o.ConnectionString = stateConnection);
            }

            if (orleans.GetSection("Reminders").Exists())
            {
                // A reminder table provider registers the table, not the reminder service that uses it.
                silo.AddReminders();
            }
            else
            {
                silo.UseSqliteReminderService(o => o.ConnectionString = stateConnection);
            }

            // A pending write, a running sync job or a scheduled poll resumes within one period of a restart; Orleans' one-minute floor would hide shorter settings.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = resumePeriod < o.MinimumReminderPeriod ? resumePeriod : o.MinimumReminderPeriod);
            silo.UseBoundedPerRecordMemory();
        });
        // After Orleans' own hosted service, so that the silo answers grain calls when the schedules are asked for.
        builder.Services.AddHostedService<PollSchedules>();
        return builder;
    }
}
