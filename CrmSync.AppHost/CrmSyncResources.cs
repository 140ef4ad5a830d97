using System.Globalization;
using Aspire.Hosting.Orleans;
using CrmSync.Hosting;

namespace CrmSync.AppHost;

/// <summary>
/// The resources of DESIGN.md §2. By default: the Dataverse emulator, one silo on SQLite with Orleans' development
/// clustering, and the gateway. With <c>--cluster</c>: redis-server (a container in the manifest) and N silos on it.
/// In the manifest the emulator gives way to a secret connection string to the real Dataverse.
/// </summary>
public static class CrmSyncResources
{
    public const string Redis = "redis";
    public const string Dataverse = "dataverse";
    public const string Silo = "silo";
    public const string Gateway = "gateway";
    public const string Crm = "crm";

    /// <summary><c>--demo</c>'s Dynamics 365 organisation: a second Dataverse emulator.</summary>
    public const string Dynamics365Organisation = "dynamics365";
    public const string Orleans = "orleans";
    public const string OrleansClusterId = "crmsync";
    public const string OrleansServiceId = "crmsync";

    /// <summary>The grain storage the record grains name (StorageNames.Records in CrmSync.Grains).</summary>
    public const string RecordStorage = "records";

    /// <summary>Redis in cluster mode and in the manifest: the redis-server executable here, a container there.</summary>
    public static IResourceBuilder<IResourceWithConnectionString>? AddCrmSyncRedis(this IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddRedis(Redis);
        }

        return options.Cluster ? builder.AddRedisServer(Redis, Path.Combine(options.DataDirectory, Redis), options.RedisPort) : null;
    }

    /// <summary>
    /// The real Dataverse's connection string (a secret parameter) when publishing or when the AppHost's
    /// <c>ConnectionStrings:dataverse</c> is set; otherwise the emulator.
    /// </summary>
    public static DataverseConnection AddDataverse(this IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode || !string.IsNullOrEmpty(builder.Configuration.GetConnectionString(Dataverse)))
        {
            return new DataverseConnection(null, builder.AddConnectionString(Dataverse));
        }

        var emulator = builder.AddProject<Projects.CrmSync_DataverseEmulator>(Dataverse)
            .WithHttpEndpoint(port: options.DataversePort)
            .WithEnvironment("Emulator__DatabasePath", Path.Combine(options.DataDirectory, "dataverse.db"))
            .WithCrmSyncDefaults(builder)
            .WithUrl("/api/data/v9.2", "Web API");
        return new DataverseConnection(emulator, null);
    }

    public static OrleansService AddCrmSyncOrleans(this IDistributedApplicationBuilder builder, IResourceBuilder<IResourceWithConnectionString>? redis)
    {
        var orleans = builder.AddOrleans(Orleans).WithClusterId(OrleansClusterId).WithServiceId(OrleansServiceId);
        return redis is null
            ? orleans.WithDevelopmentClustering()
            : orleans.WithClustering(redis).WithGrainStorage(RecordStorage, redis).WithReminders(redis);
    }

    public static IResourceBuilder<ProjectResource> AddSilo(
        this IDistributedApplicationBuilder builder,
        AppHostOptions options,
        OrleansService orleans,
        DataverseConnection dataverse,
        Sources sources,
        IResourceBuilder<IResourceWithConnectionString>? redis)
    {
        var silo = builder.AddProject<Projects.CrmSync_Silo>(Silo)
            .WithHttpEndpoint()
            .WithReference(orleans)
            .WithDataverse(dataverse)
            .WithSources(sources)
            .WithCrmSyncDefaults(builder);
        if (redis is not null)
        {
            silo.WaitFor(redis);
        }

        if (builder.ExecutionContext.IsPublishMode)
        {
            return silo;
        }

        // Orleans advertises the first network interface by default; every silo here is on this machine.
        silo.WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1");
        if (options.Cluster)
        {
            return silo.WithReplicas(options.Silos);
        }

        // One silo: grain state and reminders in SQLite, and a fixed port for Orleans clients, which development
        // clustering hands to the gateway as its static list of gateways.
        return silo
            .WithEnvironment("ConnectionStrings__silostate", $"Data Source={Path.Combine(options.DataDirectory, "silo.db")}")
            .WithEndpoint("orleans-gateway", endpoint =>
            {
                endpoint.IsProxied = false;
                endpoint.Port = options.SiloGatewayPort;
                endpoint.TargetPort = options.SiloGatewayPort;
            });
    }

    public static IResourceBuilder<ProjectResource> AddGateway(
        this IDistributedApplicationBuilder builder,
        AppHostOptions options,
        OrleansService orleans,
        DataverseConnection dataverse,
        Sources sources,
        IResourceBuilder<ProjectResource> silo)
    {
        var gateway = builder.AddProject<Projects.CrmSync_Gateway>(Gateway)
            .WithHttpEndpoint(port: builder.ExecutionContext.IsPublishMode ? null : options.GatewayPort)
            .WithExternalHttpEndpoints()
            .WithReference(orleans.AsClient())
            .WithDataverse(dataverse)
            .WithSources(sources)
            .WithWebhookSecrets(sources)
            .WithCrmSyncDefaults(builder)
            .WaitFor(silo)
            .WithUrls(context =>
            {
                if (context.GetEndpoint("http") is not { } http)
                {
                    return;
                }

                context.Urls.Add(new ResourceUrlAnnotation { Url = $"{http.Url}/webhooks/{SourceSettings.GenericSource}", DisplayText = "Webhook endpoint", Endpoint = http });
                context.Urls.Add(new ResourceUrlAnnotation { Url = $"{http.Url}/admin/records", DisplayText = "Admin API", Endpoint = http });
            });
        if (builder.ExecutionContext.IsPublishMode)
        {
            return gateway.WithEnvironment("CrmSync__AdminApiKey", builder.AddParameter("admin-api-key", secret: true));
        }

        return options.Cluster
            ? gateway
            : gateway.WithEnvironment("Orleans__Clustering__Gateways__0", "127.0.0.1:" + options.SiloGatewayPort.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Health at <c>/health</c>; here (not in the manifest) the AppHost's environment name.</summary>
    public static IResourceBuilder<ProjectResource> WithCrmSyncDefaults(this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder)
    {
        project.WithHttpHealthCheck("/health");
        return builder.ExecutionContext.IsPublishMode
            ? project
            : project.WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName);
    }

    private static IResourceBuilder<ProjectResource> WithDataverse(this IResourceBuilder<ProjectResource> project, DataverseConnection dataverse) =>
        dataverse.Emulator is { } emulator
            ? project.WithEnvironment($"ConnectionStrings__{Dataverse}", ReferenceExpression.Create($"Url={emulator.GetEndpoint("http")}")).WaitFor(emulator)
            : project.WithReference(dataverse.ConnectionString!);
}

/// <summary>Either the emulator or the connection string to a real Dataverse.</summary>
public sealed record DataverseConnection(
    IResourceBuilder<ProjectResource>? Emulator,
    IResourceBuilder<IResourceWithConnectionString>? ConnectionString);
