using Orleans.Hosting;
using Orleans.TestingHost;

namespace CrmSync.Silo.Tests;

public sealed class SqliteClusterTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    [Fact]
    public async Task ReminderRegisteredBeforeAClusterRestartFiresAfterItAndStateIsKept()
    {
        var first = await StartCluster();
        var grain = first.GrainFactory.GetGrain<IReminderTestGrain>("restart");
        await grain.Remember("before restart");
        await grain.StartTicking(dueTime: TimeSpan.FromSeconds(2), period: TimeSpan.FromSeconds(1));
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        var second = await StartCluster();
        try
        {
            grain = second.GrainFactory.GetGrain<IReminderTestGrain>("restart");
            var atStart = await grain.GetState();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var now = atStart;
            while (now.Ticks <= atStart.Ticks && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                now = await grain.GetState();
            }

            Assert.Equal("before restart", atStart.Note);
            Assert.True(now.Ticks > atStart.Ticks, $"The reminder did not fire after the restart: {now.Ticks} ticks, {atStart.Ticks} at start.");
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    public void Dispose() => _database.Dispose();

    private async Task<TestCluster> StartCluster()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties[SqliteClusterConfigurator.PathKey] = _database.Path;
        builder.AddSiloBuilderConfigurator<SqliteClusterConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

public sealed class SqliteClusterConfigurator : ISiloConfigurator
{
    public const string StorageName = "sqlite";
    public const string PathKey = "SqliteTestDatabasePath";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var path = siloBuilder.Configuration[PathKey];
        siloBuilder.AddSqliteGrainStorage(StorageName, options => options.DatabasePath = path);
        siloBuilder.UseSqliteReminderService(options => options.DatabasePath = path);
        siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
    }
}
