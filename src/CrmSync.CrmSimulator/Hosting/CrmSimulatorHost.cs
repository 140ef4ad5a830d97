using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CrmSync.CrmSimulator.Hosting;

/// <summary>Starts the simulator in-process on a real loopback port, for tests of anything that reads a REST CRM.</summary>
public static class CrmSimulatorHost
{
    /// <param name="url">Where to listen; port 0 picks a free port (see <see cref="GetSimulatorAddress"/>).</param>
    /// <param name="settings">Further configuration, e.g. <c>["Simulator:Accounts"] = "250"</c>.</param>
    public static async Task<WebApplication> StartAsync(string url = "http://127.0.0.1:0", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CrmSimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = url });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCrmSimulator();

        var app = builder.Build();
        app.MapCrmSimulator();
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// The address the simulator listens on, e.g. <c>http://127.0.0.1:41234/</c>; its API is under <c>api/</c>.
    /// Named apart from the Dataverse emulator's GetBaseAddress so a test can use both hosts.
    /// </summary>
    public static Uri GetSimulatorAddress(this WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The simulator is not listening yet; call CrmSimulatorHost.StartAsync first.");
        return new Uri(address.TrimEnd('/') + "/");
    }
}
