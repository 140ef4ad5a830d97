using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.Abstractions;
using CrmSync.Dataverse;
using CrmSync.Grains.Polling;
using CrmSync.Grains.Sync;
using CrmSync.DataverseEmulator.Hosting;
using CrmSync.Silo.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace CrmSync.Grains.Tests;

/// <summary>
/// A real Orleans test cluster with SQLite grain storage and reminders, writing over loopback HTTP to
/// the Dataverse emulator. Restartable on the same files, as a crashed silo would be.
/// </summary>
public sealed class RecordCluster : IAsyncDisposable
{
    public const string Source = "generic";
    public const int SourceCrmValue = 192350004;
    public const string AdoptingSource = "legacy";
    public const string PolledSource = "polled";
    public const int AdoptingSourceCrmValue = 2;

    private readonly string _directory = Directory.CreateTempSubdirectory("crmsync-grains-").FullName;
    private WebApplication? _emulator;
    private string _emulatorUrl = "http://127.0.0.1:0";

    public TestCluster Cluster { get; private set; } = null!;

    public HttpClient WebApi { get; private set; } = null!;

    /// <summary>The CRM that sync jobs read, in memory.</summary>
    public InMemorySource Crm => InMemorySource.For(_directory);

    /// <summary>The CRM's "changed since" query that polls read, in memory.</summary>
    public InMemoryChangeFeed Feed => InMemoryChangeFeed.For(_directory);

    public RecordingWriter Writer => SiloServices.GetRequiredService<RecordingWriter>();

    public ReminderServiceOutage ReminderService => SiloServices.GetRequiredService<ReminderServiceOutage>();

    private IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public static async Task<RecordCluster> StartAsync()
    {
        var cluster = new RecordCluster();
        await cluster.StartEmulatorAsync();
        await cluster.StartSiloAsync();
        return cluster;
    }

    public IRecordGrain Record(string entity, string id) =>
        Cluster.GrainFactory.GetGrain<IRecordGrain>(new RecordKey(Source, entity, id).ToString());

    public IPollGrain Poll(string entity, string source = Source) => Cluster.GrainFactory.GetGrain<IPollGrain>(SyncJobId.For(source, entity));

    /// <summary>The ETag of the poll's schedule reminder; null while it has none.</summary>
    public async Task<string?> PollReminderETagAsync(IPollGrain poll) =>
        (await SiloServices.GetRequiredService<IReminderTable>().ReadRow(poll.GetGrainId(), "poll-schedule"))?.ETag;

    public ISyncJobGrain Job(string entity) => Cluster.GrainFactory.GetGrain<ISyncJobGrain>(SyncJobId.For(Source, entity));

    public static Guid RowId(string id) => RowIdentity.For(SourceCrmValue, id);

    public async Task StartEmulatorAsync()
    {
        _emulator = await EmulatorHost.StartAsync(Path.Combine(_directory, "dataverse.db"), _emulatorUrl);
        _emulatorUrl = _emulator.GetBaseAddress().ToString().TrimEnd('/');
        WebApi = new HttpClient { BaseAddress = _emulator.GetWebApiAddress() };
    }

    public async Task StopEmulatorAsync()
    {
        await _emulator!.StopAsync();
        await _emulator.DisposeAsync();
    }

    /// <param name="storesJson">Store grain state as versions before the binary format did, in Orleans' default JSON.</param>
    public async Task StartSiloAsync(bool storesJson = false) => Cluster = await DeploySiloAsync(storesJson);

    /// <summary>
    /// A second silo in a cluster of its own on the same storage and Dataverse: its activation of a record is a duplicate of
    /// the first silo's, as Orleans' directory allows for a moment while silos leave and join.
    /// </summary>
    public Task<TestCluster> StartDuplicateSiloAsync() => DeploySiloAsync(storesJson: false);

    private async Task<TestCluster> DeploySiloAsync(bool storesJson)
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties[RecordSiloConfigurator.DirectoryKey] = _directory;
        builder.Properties[RecordSiloConfigurator.StoresJsonKey] = storesJson.ToString();
        builder.Properties[RecordSiloConfigurator.EmulatorKey] = _emulatorUrl;
        builder.AddSiloBuilderConfigurator<RecordSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Stops the silo abruptly: no deactivation, nothing flushed beyond what was already stored.</summary>
    public async Task KillSiloAsync()
    {
        await Cluster.KillSiloAsync(Cluster.Primary!);
        await Cluster.DisposeAsync();
    }

    /// <summary>The ETag of the record's resume reminder, new at every registration; null while it has none.</summary>
    public async Task<string?> ResumeReminderETagAsync(IRecordGrain record) =>
        (await SiloServices.GetRequiredService<IReminderTable>().ReadRow(record.GetGrainId(), "resume-write"))?.ETag;

    /// <summary>Deactivates every grain that is not running a call, as idle collection would.</summary>
    public Task DeactivateIdleGrainsAsync() => Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>Whether the record has an activation on the silo; asking does not activate it.</summary>
    public async Task<bool> IsActiveAsync(IRecordGrain record) =>
        (await Cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Any(grain => grain.GrainId == record.GetGrainId());

    public async Task<JsonObject?> RowAsync(string entitySet, string id)
    {
        using var response = await WebApi.GetAsync($"{entitySet}({RowId(id)})");
        return response.StatusCode == HttpStatusCode.NotFound ? null : JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Makes the emulator answer every request <paramref name="latency"/> late until the result is disposed, so a write stays out.</summary>
    public async Task<IAsyncDisposable> SlowDataverseAsync(TimeSpan latency)
    {
        await SetLatencyAsync(latency);
        return new Restore(() => SetLatencyAsync(TimeSpan.Zero));
    }

    private async Task SetLatencyAsync(TimeSpan latency) =>
        (await WebApi.PostAsJsonAsync(new Uri(WebApi.BaseAddress!, "/emulator/faults"), new { latencyMilliseconds = (int)latency.TotalMilliseconds })).EnsureSuccessStatusCode();

    private sealed class Restore(Func<Task> restore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await restore();
    }

    public async Task<long> RecordsWrittenAsync() =>
        (await WebApi.GetFromJsonAsync<JsonObject>(new Uri(WebApi.BaseAddress!, "/emulator/stats")))!["recordsWritten"]!.GetValue<long>();

    /// <summary>Waits until every given record has nothing left to write, or fails naming one that still has.</summary>
    public async Task WaitUntilSettledAsync(IEnumerable<IRecordGrain> records, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        foreach (var record in records)
        {
            while (true)
            {
                var snapshot = await record.GetSnapshot();
                if (snapshot.Status is RecordStatus.Written or RecordStatus.Parked || (snapshot.Deleted && snapshot.DesiredRevision == snapshot.WrittenRevision))
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"Record {snapshot.Key} is still {snapshot.Status} (desired {snapshot.DesiredRevision}, written {snapshot.WrittenRevision}, error {snapshot.LastError}).");
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
            // A test that killed the silo already disposed its cluster.
        }
        finally
        {
            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }

            WebApi.Dispose();
            InMemorySource.Forget(_directory);
            InMemoryChangeFeed.Forget(_directory);
            DeleteDirectory();
        }
    }

    /// <summary>SQLite may still hold its files for a moment after the silo stops; a leftover folder is not worth a failure.</summary>
    private void DeleteDirectory()
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(_directory); attempt++)
        {
            try
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
        }
    }
}

public sealed class RecordSiloConfigurator : ISiloConfigurator
{
    public const string DirectoryKey = "CrmSyncTestDirectory";
    public const string EmulatorKey = "CrmSyncTestEmulator";
    public const string StoresJsonKey = "CrmSyncTestStoresJson";

    public void Configure(ISiloBuilder silo)
    {
        var database = Path.Combine(silo.Configuration[DirectoryKey]!, "silo.db");
        silo.AddSqliteGrainStorage(StorageNames.Records, o => o.DatabasePath = database);
        if (silo.Configuration.GetValue<bool>(StoresJsonKey))
        {
            silo.Services.AddOptions<SqliteStorageOptions>(StorageNames.Records)
                .Configure<IGrainStorageSerializer>((options, json) => options.GrainStorageSerializer = json);
        }

        silo.UseSqliteReminderService(o => o.DatabasePath = database);
        ReminderServiceOutage.AddTo(silo.Services);
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        silo.Services.Configure<CrmSyncOptions>(o =>
        {
            o.Sources[RecordCluster.Source] = new SourceOptions { SourceCrmValue = RecordCluster.SourceCrmValue };
            o.Sources[RecordCluster.AdoptingSource] = new SourceOptions { SourceCrmValue = RecordCluster.AdoptingSourceCrmValue, AdoptExistingRows = true };
            o.Sources[RecordCluster.PolledSource] = new SourceOptions { SourceCrmValue = RecordCluster.SourceCrmValue, Poll = { Interval = TimeSpan.FromMilliseconds(300), Overlap = TimeSpan.FromSeconds(5) } };
        });
        silo.Services.Configure<RecordGrainOptions>(o =>
        {
            o.ResumePeriod = TimeSpan.FromSeconds(2);
            o.FirstRetryDelay = TimeSpan.FromMilliseconds(50);
            o.MaxRetryDelay = TimeSpan.FromSeconds(1);
        });
        silo.Services.Configure<SyncJobOptions>(o =>
        {
            o.MaxInFlight = 8;
            o.MaxUnsettled = 25;
            o.MaxSettleWait = TimeSpan.FromSeconds(3);
            o.MaxAttempts = 3;
            o.FirstRetryDelay = TimeSpan.FromMilliseconds(50);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            o.ProgressInterval = TimeSpan.FromSeconds(1);
            o.ResumePeriod = TimeSpan.FromSeconds(2);
        });
        silo.Services.AddSingleton<ISourcePageReader>(InMemorySource.For(silo.Configuration[DirectoryKey]!));
        silo.Services.AddSingleton<ISourceChangeFeed>(InMemoryChangeFeed.For(silo.Configuration[DirectoryKey]!));
        silo.Services.Configure<PollGrainOptions>(o => o.ResumePeriod = TimeSpan.FromSeconds(1));
        silo.Services.AddDataverse(DataverseConnection.Parse($"Url={silo.Configuration[EmulatorKey]}"));
        silo.Services.AddSingleton<RecordingWriter>();
        silo.Services.AddSingleton<IDataverseWriter>(sp => sp.GetRequiredService<RecordingWriter>());
    }
}
