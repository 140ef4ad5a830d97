using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace CrmSync.Silo.Storage;

/// <summary>Wires the SQLite grain storage and reminder table into a silo.</summary>
public static class SqliteStorageExtensions
{
    /// <summary>Adds a SQLite grain storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure) =>
        builder.ConfigureServices(services => services.AddSqliteGrainStorage(name, configure));

    /// <summary>Adds a SQLite grain storage provider as the default provider.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteStorageOptions> configure) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Adds Orleans' reminder service with its reminder table in SQLite.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configure) =>
        builder.ConfigureServices(services => services.UseSqliteReminderService(configure));

    /// <inheritdoc cref="AddSqliteGrainStorage(ISiloBuilder, string, Action{SqliteStorageOptions})"/>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteStorageOptions> configure)
    {
        services.AddOptions<SqliteStorageOptions>(name).Configure(configure);
        services.AddTransient<IPostConfigureOptions<SqliteStorageOptions>, BinarySerializerConfigurator>();
        services.AddTransient<IConfigurationValidator>(sp =>
            new SqliteOptionsValidator(sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name), name));
        services.TryAddSingleton<SqliteDatabases>();
        return services.AddGrainStorage(name, (sp, providerName) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(
            sp, providerName, sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(providerName)));
    }

    /// <inheritdoc cref="UseSqliteReminderService(ISiloBuilder, Action{SqliteReminderTableOptions})"/>
    public static IServiceCollection UseSqliteReminderService(this IServiceCollection services, Action<SqliteReminderTableOptions> configure)
    {
        services.AddReminders();
        services.Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp =>
            new SqliteOptionsValidator(sp.GetRequiredService<IOptions<SqliteReminderTableOptions>>().Value, "reminders"));
        services.TryAddSingleton<SqliteDatabases>();
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return services;
    }

    /// <summary>
    /// Unless a provider names its own serializer, state is stored in Orleans' binary format; rows stored by earlier
    /// versions with the silo's default grain-storage serializer (Orleans' JSON) still read with that one.
    /// </summary>
    private sealed class BinarySerializerConfigurator(IServiceProvider services) : IPostConfigureOptions<SqliteStorageOptions>
    {
        public void PostConfigure(string? name, SqliteStorageOptions options) =>
            options.GrainStorageSerializer ??= new BinaryGrainStorageSerializer(
                services.GetRequiredService<Serializer>(), services.GetRequiredService<IGrainStorageSerializer>());
    }

    private sealed class SqliteOptionsValidator(SqliteDatabaseOptions options, string name) : IConfigurationValidator
    {
        public void ValidateConfiguration() => options.BuildConnectionString(name);
    }
}
