using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.Grains.Polling;

/// <summary>
/// Once the silo runs, asks the poll grain of every entity of every source with a Poll:Interval to keep its schedule.
/// A grain's reminder keeps it from then on, also across restarts; a source whose interval was removed drops its
/// schedule at its grain's next reminder. Every silo asks, which is harmless: Start is idempotent.
/// </summary>
public sealed partial class PollSchedules(IGrainFactory grains, IOptionsMonitor<CrmSyncOptions> sources, ILogger<PollSchedules> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, source) in sources.CurrentValue.Sources.Where(s => s.Value.Poll.Enabled))
        {
            foreach (var entity in new[] { Entities.Account, Entities.Contact })
            {
                try
                {
                    var status = await grains.GetGrain<IPollGrain>(SyncJobId.For(name, entity)).Start();
                    LogStarted(name, entity, status.Scheduled, source.Poll.Interval);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // The grain's reminder, if it has one, still wakes it; otherwise the next start of a silo tries again.
                    LogStartFailed(ex, name, entity);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling {Source} {Entity}: scheduled {Scheduled}, every {Interval}")]
    private partial void LogStarted(string source, string entity, bool scheduled, TimeSpan? interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Source} {Entity} could not be scheduled at start-up")]
    private partial void LogStartFailed(Exception exception, string source, string entity);
}
