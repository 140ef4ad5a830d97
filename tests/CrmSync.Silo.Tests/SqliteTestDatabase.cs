using Orleans.Serialization;

namespace CrmSync.Silo.Tests;

/// <summary>A SQLite file in a temporary folder, and the storage providers opened on it.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crmsync-silo-tests-");

    public string Path => System.IO.Path.Combine(_folder.FullName, "silo.db");

    /// <summary>Opens the providers the way a silo would; disposing the result closes them like a silo shutting down.</summary>
    public SqliteProviders Open() => new(Path);

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

    public SqliteProviders(string path)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer(serializer => serializer.AddAssembly(typeof(SqliteProviders).Assembly));
        services.AddSingleton<IGrainStorageSerializer>(sp => new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()));
        services.AddSqliteGrainStorage(StorageName, options => options.DatabasePath = path);
        services.UseSqliteReminderService(options => options.DatabasePath = path);
        _services = services.BuildServiceProvider();
    }

    public IGrainStorage GrainStorage => _services.GetRequiredKeyedService<IGrainStorage>(StorageName);

    public IReminderTable ReminderTable => _services.GetRequiredService<IReminderTable>();

    public void Dispose() => _services.Dispose();
}
