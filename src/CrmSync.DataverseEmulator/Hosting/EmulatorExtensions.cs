using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Api;
using CrmSync.DataverseEmulator.Api.Batch;
using CrmSync.DataverseEmulator.Api.Bulk;
using CrmSync.DataverseEmulator.Api.Metadata;
using CrmSync.DataverseEmulator.Faults;
using CrmSync.DataverseEmulator.Protection;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Hosting;

public static class EmulatorExtensions
{
    /// <summary>The emulator's address when neither ASPNETCORE_URLS nor --urls says otherwise (DESIGN.md §2).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    public static WebApplicationBuilder AddDataverseEmulator(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.UseLocalServiceDefaults(DefaultUrl);

        builder.Services.AddOptions<EmulatorOptions>()
            .Bind(configuration.GetSection(EmulatorOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
            return SchemaCustomization.Build(options.Schema, options.BulkMessages);
        });
        builder.Services.AddSingleton<EmulatorDatabase>();
        builder.Services.AddSingleton<EmulatorStats>();
        builder.Services.AddSingleton<ServiceProtection>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<RecordReader>();
        builder.Services.AddSingleton<RecordWriter>();
        builder.Services.AddSingleton<ReadOperations>();
        builder.Services.AddSingleton<Api.ChangeTracking.ChangeTracker>();
        builder.Services.AddOptions<Webhooks.WebhookOptions>().Bind(configuration.GetSection($"{EmulatorOptions.SectionName}:Webhooks"));
        builder.Services.AddSingleton<Webhooks.WebhookNotifier>();
        builder.Services.AddSingleton<WriteOperations>();
        builder.Services.AddSingleton<BulkOperations>();
        builder.Services.AddSingleton<EntitySetHandler>();
        builder.Services.AddSingleton<MetadataHandler>();
        builder.Services.AddSingleton<SdkMessageFilterHandler>();
        builder.Services.AddSingleton<WebApiDispatcher>();
        builder.Services.AddSingleton<BatchExecutor>();
        builder.Services.AddSingleton<BatchHandler>();
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
