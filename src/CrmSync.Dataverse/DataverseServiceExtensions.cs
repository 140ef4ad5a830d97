using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmSync.Dataverse;

public static class DataverseServiceExtensions
{
    public const string ConnectionName = "dataverse";

    /// <summary>
    /// Registers the Dataverse client and writer from <c>ConnectionStrings:dataverse</c>. A missing or
    /// malformed connection string stops start-up with a message that says what to set.
    /// </summary>
    public static IHostApplicationBuilder AddDataverse(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataverse(DataverseConnection.Parse(builder.Configuration.GetConnectionString(ConnectionName)));
        return builder;
    }

    public static IServiceCollection AddDataverse(this IServiceCollection services, DataverseConnection connection)
    {
        services.AddSingleton(connection);
        var http = services.AddHttpClient<DataverseClient>(client =>
            {
                client.BaseAddress = connection.WebApiBase;
                client.Timeout = TimeSpan.FromSeconds(120);
            })
            // No cookies: Dataverse's affinity cookie would pin every request to one web server,
            // and each server keeps its own service-protection counters (specs/dataverse.md §5).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        // Retries belong to the record grains, which know a row's versions and honour Retry-After per row.
#pragma warning disable EXTEXP0001 // Experimental, but the only way to undo ServiceDefaults' client-wide resilience.
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        if (connection.AuthType == DataverseAuthType.ClientSecret)
        {
            services.AddSingleton<DataverseTokenSource>();
            services.AddTransient<DataverseTokenHandler>();
            http.AddHttpMessageHandler<DataverseTokenHandler>();
        }

        services.AddSingleton<IDataverseWriter, DirectDataverseWriter>();
        return services;
    }
}
