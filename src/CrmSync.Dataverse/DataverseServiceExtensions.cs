using CrmSync.Dataverse.Writing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSync.Dataverse;

public static class DataverseServiceExtensions
{
    public const string ConnectionName = "dataverse";

    /// <summary>
    /// Registers the Dataverse client and the batching writer from <c>ConnectionStrings:dataverse</c>
    /// and <c>CrmSync:Dataverse</c>. A missing or malformed connection string stops start-up with a
    /// message that says what to set.
    /// </summary>
    public static IHostApplicationBuilder AddDataverse(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<DataverseWriterOptions>(builder.Configuration.GetSection(DataverseWriterOptions.SectionName));
        var options = builder.Configuration.GetSection(DataverseWriterOptions.SectionName).Get<DataverseWriterOptions>() ?? new();
        builder.Services.AddDataverse(DataverseConnection.Parse(builder.Configuration.GetConnectionString(ConnectionName)), options.ApplicationUsers);
        return builder;
    }

    /// <param name="moreUsers">Further application users of the same environment; each gets its own lane of requests.</param>
    public static IServiceCollection AddDataverse(this IServiceCollection services, DataverseConnection connection, IReadOnlyList<ApplicationUserOptions>? moreUsers = null)
    {
        services.AddSingleton(connection);
        services.AddSingleton<DataverseCapabilities>();
        services.AddSingleton<SourceCrmValues>();
        services.AddHttpClient<DataverseClient>(ConnectionName).ConfigureFor(connection);

        var users = new List<(string Name, DataverseConnection Connection)> { (connection.ClientId ?? "default", connection) };
        foreach (var user in moreUsers ?? [])
        {
            if (connection.AuthType != DataverseAuthType.ClientSecret || string.IsNullOrEmpty(user.ClientId) || string.IsNullOrEmpty(user.ClientSecret))
            {
                throw new InvalidOperationException("Each of CrmSync:Dataverse:ApplicationUsers needs a ClientId and a ClientSecret, and the dataverse connection string must use AuthType=ClientSecret.");
            }

            var other = connection with { ClientId = user.ClientId, ClientSecret = user.ClientSecret };
            users.Add((user.ClientId, other));
            services.AddHttpClient($"{ConnectionName}:{user.ClientId}").ConfigureFor(other);
        }

        services.AddSingleton<IReadOnlyList<WriterLane>>(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return users.Select((user, i) => new WriterLane(
                    user.Name,
                    i == 0 ? sp.GetRequiredService<DataverseClient>() : new DataverseClient(factory.CreateClient($"{ConnectionName}:{user.Name}"))))
                .ToList();
        });
        services.AddSingleton<BatchingDataverseWriter>();
        services.AddSingleton<IDataverseWriter>(sp => sp.GetRequiredService<BatchingDataverseWriter>());
        return services;
    }

    private static IHttpClientBuilder ConfigureFor(this IHttpClientBuilder http, DataverseConnection connection)
    {
        http.ConfigureHttpClient(client =>
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
            var tokens = new DataverseTokenSource(connection);
            http.AddHttpMessageHandler(() => new DataverseTokenHandler(tokens));
        }

        return http;
    }
}
