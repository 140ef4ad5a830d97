using System.Diagnostics;

namespace CrmSync.Cli.Commands;

/// <summary><c>crmsync sync start|status|cancel</c>: the initial sync jobs (DESIGN.md §6).</summary>
public sealed class SyncCommands(CliContext cli)
{
    public Command Build() => new("sync", "Start, follow, list and cancel the initial sync of a source's records.")
    {
        Start(),
        Status(),
        Cancel(),
    };

    private Command Start()
    {
        var source = new Argument<string>("source") { Description = "The source's name, as configured under CrmSync:Sources." };
        var entity = new Argument<string>("entity") { Description = "account or contact." };
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Show the job's progress until it ends; then exit 0 if it completed, 1 if it failed, 2 if it was cancelled.",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write nothing: list the creates, updates (column by column) and deletes the sync would make." };
        var output = new Option<FileInfo?>("--out") { Description = "With --dry-run: write the whole plan to this JSON file.", HelpName = "plan.json" };
        var command = new Command("start", "Start the sync of one entity of a source, or resume it from its checkpoint.") { source, entity, follow, dryRun, output };
        command.SetAction((parse, cancellation) => parse.GetValue(dryRun)
            ? new DryRunCommand(cli).RunAsync(parse, parse.GetRequiredValue(source), parse.GetRequiredValue(entity), parse.GetValue(output), cancellation)
            : StartAsync(parse, parse.GetRequiredValue(source), parse.GetRequiredValue(entity), parse.GetValue(follow), cancellation));
        return command;
    }

    private Command Status()
    {
        var id = new Argument<string?>("job-id") { Description = "A job, as {source}:{entity}; without it, every job.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Show every sync job in a table, or one job in detail.") { id };
        command.SetAction((parse, cancellation) => StatusAsync(parse, parse.GetValue(id), cancellation));
        return command;
    }

    private Command Cancel()
    {
        var id = new Argument<string>("job-id") { Description = "The job, as {source}:{entity}." };
        var command = new Command("cancel", "Stop a job after the page in hand; `sync start` resumes it from its checkpoint.") { id };
        command.SetAction((parse, cancellation) => CancelAsync(parse, parse.GetRequiredValue(id), cancellation));
        return command;
    }

    private async Task<int> StartAsync(ParseResult parse, string source, string entity, bool follow, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        var job = await gateway.PostAsync<SyncJobView>($"admin/sync/{GatewayClient.Segment(source)}/{GatewayClient.Segment(entity)}", cancellation);
        if (!follow)
        {
            cli.Output.WriteLine($"Sync {job.Id} is {job.State} (run {job.Run}); `crmsync sync status {job.Id}` shows its progress.");
            return ExitCodes.Ok;
        }

        return await FollowAsync(gateway, job, cancellation);
    }

    private async Task<int> FollowAsync(GatewayClient gateway, SyncJobView job, CancellationToken cancellation)
    {
        var settings = cli.Settings;
        var display = new ProgressDisplay(cli.Output, settings.OutputIsTerminal, settings.TerminalWidth, settings.ProgressLineInterval);
        var watched = Stopwatch.StartNew();
        try
        {
            var lastAnswer = settings.Time.GetTimestamp();
            var waiting = false;
            while (!job.HasEnded)
            {
                display.Show(job, settings.Time.GetUtcNow());
                await Task.Delay(settings.PollInterval, settings.Time, cancellation);
                try
                {
                    job = await gateway.GetAsync<SyncJobView>(JobPath(job.Id), cancellation);
                    lastAnswer = settings.Time.GetTimestamp();
                    waiting = false;
                }
                catch (CliException e) when (e.Transient && settings.Time.GetElapsedTime(lastAnswer) < settings.FollowPatience)
                {
                    // The job runs in the silo whatever happens to the gateway, so a gateway restarting or a silo
                    // briefly unavailable is no reason to stop following; say so once and keep asking.
                    if (!waiting)
                    {
                        display.Break();
                        cli.Error.WriteLine($"{e.Message} Still following {job.Id}; retrying for up to {settings.FollowPatience.TotalSeconds:0} s.");
                        waiting = true;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            display.Break();
            cli.Error.WriteLine($"Stopped following {job.Id}; the sync goes on (`crmsync sync cancel {job.Id}` stops it).");
            return ExitCodes.Interrupted;
        }
        catch (CliException)
        {
            display.Break();
            throw;
        }

        display.Finish(job, settings.Time.GetUtcNow());
        cli.Output.WriteLine(SyncSummary.Render(job, SyncSummary.Elapsed(job, watched.Elapsed)));
        if (SyncSummary.Hint(job) is { } hint)
        {
            (job.State == SyncJobState.Failed ? cli.Error : cli.Output).WriteLine(hint);
        }

        return job.State switch
        {
            SyncJobState.Completed => ExitCodes.Ok,
            SyncJobState.Cancelled => ExitCodes.Cancelled,
            _ => ExitCodes.Error,
        };
    }

    private async Task<int> StatusAsync(ParseResult parse, string? id, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        if (id is null)
        {
            var list = await gateway.GetAsync<SyncJobList>("admin/sync/jobs", cancellation);
            JobPrinter.WriteTable(list.Jobs, cli.Output);
        }
        else
        {
            JobPrinter.WriteDetail(await gateway.GetAsync<SyncJobView>(JobPath(id), cancellation), cli.Settings.TerminalWidth, cli.Output);
        }

        return ExitCodes.Ok;
    }

    private async Task<int> CancelAsync(ParseResult parse, string id, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        var job = await gateway.PostAsync<SyncJobView>($"{JobPath(id)}/cancel", cancellation);
        cli.Output.WriteLine(job.State == SyncJobState.Cancelled
            ? $"Sync {job.Id} is cancelled; `crmsync sync start {job.Source} {job.Entity}` resumes it from its checkpoint."
            : $"Sync {job.Id} is {job.State}; it stops after the page in hand.");
        return ExitCodes.Ok;
    }

    private static string JobPath(string id) => $"admin/sync/jobs/{GatewayClient.Segment(id)}";
}
