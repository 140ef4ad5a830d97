using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace CrmSync.Silo.Tests;

/// <summary>A SQLite file in a temporary folder, and the storage providers opened on it.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crmsync-silo-tests-");

    public string Path => System.IO.Path.Combine(_folder.FullName, "silo.db");

    /// <summary>Opens the providers the way a silo would; disposing the result closes them like a silo shutting down.</summary>
    /// <param name="storesJson">Store grain state as versions before the binary format did, with the silo's default JSON serializer.</param>
    public SqliteProviders Open(bool storesJson = false) => new(Path, storesJson);

    /// <summary>The first byte of every stored state payload, read straight from the file.</summary>
    public IReadOnlyList<byte> PayloadFirstBytes()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE payload IS NOT NULL";
        using var reader = command.ExecuteReader();
        var firsts = new List<byte>();
        while (reader.Read())
        {
            firsts.Add(reader.GetFieldValue<byte[]>(0)[0]);
        }

        return firsts;
    }

    /// <summary>Copies the database files as they are on disk now, which is what a <c>kill -9</c> would leave behind.</summary>
    public SqliteTestDatabase CopyFilesAsTheyAre()
    {
        var copy = new SqliteTestDatabase();
        foreach (var file in _folder.GetFiles("silo.db*").Where(f => !f.Name.EndsWith("-shm", StringComparison.Ordinal)))
        {
            file.CopyTo(System.IO.Path.Combine(copy._folder.FullName, file.Name));
        }

        return copy;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

public sealed class SqliteProviders : IDisposable
{
    public const string StorageName = "test";

    private readonly ServiceProvider _services;

    public SqliteProviders(string path, bool storesJson = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer(serializer => serializer.AddAssembly(typeof(SqliteProviders).Assembly));
        // The silo's default grain-storage serializer, Orleans' JSON, with which earlier versions stored every row.
        services.AddSingleton<OrleansJsonSerializer>();
        services.AddSingleton<IGrainStorageSerializer, JsonGrainStorageSerializer>();
        services.AddSqliteGrainStorage(StorageName, options => options.DatabasePath = path);
        if (storesJson)
        {
            services.AddOptions<SqliteStorageOptions>(StorageName).Configure<IGrainStorageSerializer>((options, json) => options.GrainStorageSerializer = json);
        }

        services.UseSqliteReminderService(options => options.DatabasePath = path);
        _services = services.BuildServiceProvider();
    }

    public IGrainStorage GrainStorage => _services.GetRequiredKeyedService<IGrainStorage>(StorageName);

    public IReminderTable ReminderTable => _services.GetRequiredService<IReminderTable>();

    public void Dispose() => _services.Dispose();
}
