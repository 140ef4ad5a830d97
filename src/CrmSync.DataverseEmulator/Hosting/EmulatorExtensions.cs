using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Api;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.Extensions.Configuration.Memory;

namespace CrmSync.DataverseEmulator.Hosting;

public static class EmulatorExtensions
{
    /// <summary>The emulator's address when neither ASPNETCORE_URLS nor --urls says otherwise (DESIGN.md §2).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    public static WebApplicationBuilder AddDataverseEmulator(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Lowest-priority defaults: a per-request log line would cost more than the request itself under load.
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) &&
            !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddOptions<EmulatorOptions>()
            .Bind(configuration.GetSection(EmulatorOptions.SectionName))
            .Validate(options => !string.IsNullOrWhiteSpace(options.DatabasePath), "Emulator:DatabasePath is empty; set it to the SQLite file the emulator should use.")
            .Validate(options => options.DopHint > 0, "Emulator:DopHint must be a positive number.")
            .Validate(options => options.MaxPageSize is > 0 and <= 5000, "Emulator:MaxPageSize must be between 1 and 5000.")
            .ValidateOnStart();

        builder.Services.AddSingleton<EmulatorDatabase>();
        builder.Services.AddSingleton<EmulatorStats>();
        builder.Services.AddSingleton<RecordReader>();
        builder.Services.AddSingleton<RecordWriter>();
        builder.Services.AddSingleton<ReadOperations>();
        builder.Services.AddSingleton<WriteOperations>();
        builder.Services.AddSingleton<EntitySetHandler>();
        return builder;
    }

    /// <summary>Opens the database (so a bad path fails at start-up) and maps the Web API and the /emulator endpoints.</summary>
    public static WebApplication MapDataverseEmulator(this WebApplication app)
    {
        app.Services.GetRequiredService<EmulatorDatabase>();
        app.UseMiddleware<WebApiConventionsMiddleware>();
        app.MapDataverseWebApi();
        app.MapEmulatorAdminApi();
        return app;
    }
}
