using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>Starts the emulator in-process on a real loopback port, for tests of any project that talks to Dataverse.</summary>
public static class EmulatorHost
{
    /// <param name="databasePath">The SQLite file; starting again on the same file finds the same rows.</param>
    /// <param name="url">Where to listen; port 0 picks a free port (see <see cref="GetBaseAddress"/>).</param>
    /// <param name="settings">Further configuration, e.g. <c>["Emulator:DopHint"] = "4"</c>.</param>
    public static async Task<WebApplication> StartAsync(
        string databasePath, string url = "http://127.0.0.1:0", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = url,
            [$"{EmulatorOptions.SectionName}:{nameof(EmulatorOptions.DatabasePath)}"] = databasePath,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDataverseEmulator();

        var app = builder.Build();
        app.MapDataverseEmulator();
        await app.StartAsync();
        return app;
    }

    /// <summary>The address the emulator listens on, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public static Uri GetBaseAddress(this WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The emulator is not listening yet; call EmulatorHost.StartAsync first.");
        return new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>The Web API root, e.g. <c>http://127.0.0.1:41234/api/data/v9.2/</c>: use it as HttpClient.BaseAddress.</summary>
    public static Uri GetWebApiAddress(this WebApplication app) => new(app.GetBaseAddress(), "api/data/v9.2/");
}
