using CrmSync.Connectors.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.Rest;

/// <summary>The page readers as a host wires them (AddConnectors), from settings given as configuration keys.</summary>
public static class RestReaders
{
    /// <summary>Short waits so that fault tests take seconds; MaxThrottleWait still bounds the wait.</summary>
    public static readonly CrmRetryPolicy FastPolicy = new()
    {
        DefaultThrottleWait = TimeSpan.FromMilliseconds(100),
        MaxDefaultThrottleWait = TimeSpan.FromMilliseconds(400),
        TransientBackOff = TimeSpan.FromMilliseconds(50),
        MaxThrottleWait = TimeSpan.FromSeconds(20),
    };

    public static ServiceProvider Create(IReadOnlyDictionary<string, string?> settings, CrmRetryPolicy? policy = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<CrmSyncOptions>().Bind(configuration.GetSection(CrmSyncOptions.SectionName));
        services.AddSingleton(policy ?? FastPolicy);
        services.AddConnectors();
        return services.BuildServiceProvider();
    }

    public static ISourcePageReader Reader(this ServiceProvider services) => services.GetRequiredService<ISourcePageReader>();

    /// <summary>Follows the cursors from the first page to the last, as a sync job does.</summary>
    public static async Task<IReadOnlyList<SourcePage>> ReadAllAsync(this ISourcePageReader reader, string source, string entity)
    {
        var pages = new List<SourcePage>();
        string? cursor = null;
        do
        {
            var page = await reader.ReadPageAsync(source, entity, cursor, CancellationToken.None);
            pages.Add(page);
            cursor = page.NextCursor;
            Assert.True(pages.Count < 10_000, "The reader never reached a last page.");
        }
        while (cursor is not null);

        return pages;
    }
}
