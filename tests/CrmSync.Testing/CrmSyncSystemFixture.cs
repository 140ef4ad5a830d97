namespace CrmSync.Testing;

/// <summary>
/// One <see cref="CrmSyncSystem"/> for every test that uses the fixture, since starting it is the slow part.
/// A test project derives one per configuration it needs, and shares it with a collection fixture.
/// </summary>
public abstract class CrmSyncSystemFixture : IAsyncLifetime
{
    private CrmSyncSystem? _system;

    public CrmSyncSystem System => _system ?? throw new InvalidOperationException("The system has not been started.");

    /// <summary>Environment variables for every resource, on top of <see cref="CrmSyncSystem"/>'s own.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>0 for the embedded default (one silo on SQLite); otherwise that many silos on Redis.</summary>
    protected virtual int SilosOnRedis => 0;

    public virtual async Task InitializeAsync() => _system = await CrmSyncSystem.StartAsync(Settings, SilosOnRedis);

    public virtual async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}
