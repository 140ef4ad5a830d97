using System.Text.Json;

namespace CrmSync.Cli.Commands;

/// <summary><c>crmsync reconcile</c>: compare a source with Dataverse and the grains, and optionally repair (issue 13).</summary>
public sealed class ReconcileCommands(CliContext cli)
{
    public static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public Command Build()
    {
        var source = new Argument<string>("source") { Description = "The source's name, as configured under CrmSync:Sources." };
        var entity = new Argument<string>("entity") { Description = "account or contact." };
        var repair = new Option<bool>("--repair") { Description = "Put every difference right through the record grains, then report what was found." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the full report (every id, peak memory) to this JSON file.", HelpName = "report.json" };
        var command = new Command("reconcile", "List records missing from Dataverse, orphaned rows, stale rows and rows edited in Dataverse (drifted); exit 3 when there are any and --repair was not given.")
        {
            source, entity, repair, output,
        };
        command.SetAction((parse, cancellation) => RunAsync(
            parse, parse.GetRequiredValue(source), parse.GetRequiredValue(entity), parse.GetValue(repair), parse.GetValue(output), cancellation));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, string source, string entity, bool repair, FileInfo? output, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        var path = $"admin/reconcile/{GatewayClient.Segment(source)}/{GatewayClient.Segment(entity)}{(repair ? "?repair=true" : "")}";
        var run = await gateway.PostAsync<ReconcileView>(path, cancellation);
        run = await FollowAsync(cli, gateway, run, cancellation);
        if (run.Phase != "Completed")
        {
            throw new CliException(run.Error ?? $"Reconcile {run.Id} failed without saying why; look at the silo's log.");
        }

        var report = await gateway.GetAsync<JsonElement>($"admin/reconcile/jobs/{GatewayClient.Segment(run.Id)}/report", cancellation);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output.FullName, JsonSerializer.Serialize(report, ReportJson), cancellation);
        }

        var found = report.Deserialize<ReconcileReportView>(ReportJson)!;
        cli.Output.WriteLine(Summary(run.Id, found));
        return found.Differences == 0 || repair ? ExitCodes.Ok : ExitCodes.Differences;
    }

    /// <summary>Shows a reconcile's (or dry run's) progress until it ends.</summary>
    public static async Task<ReconcileView> FollowAsync(CliContext cli, GatewayClient gateway, ReconcileView run, CancellationToken cancellation)
    {
        var settings = cli.Settings;
        var display = new ProgressDisplay(cli.Output, settings.OutputIsTerminal, settings.TerminalWidth, settings.ProgressLineInterval);
        try
        {
            while (!run.HasEnded)
            {
                display.Show(ReconcileLine.Render(run, display.LineWidth), settings.Time.GetUtcNow());
                await Task.Delay(settings.PollInterval, settings.Time, cancellation);
                run = await gateway.GetAsync<ReconcileView>($"admin/reconcile/jobs/{GatewayClient.Segment(run.Id)}", cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            display.Break();
            cli.Error.WriteLine($"Stopped following reconcile {run.Id}; it goes on in the silo.");
            throw;
        }
        catch (CliException)
        {
            display.Break();
            throw;
        }

        display.Finish(ReconcileLine.Render(run, display.LineWidth), settings.Time.GetUtcNow());
        return run;
    }

    private static string Summary(string id, ReconcileReportView report)
    {
        var found = $"{Format.Count(report.Missing.Count)} missing, {Format.Count(report.Orphaned.Count)} orphaned, {Format.Count(report.Stale.Count)} stale, {Format.Count(report.Drifted.Count)} drifted";
        var repaired = report.Repair ? $"; repaired {Format.Count(report.Repaired)}{(report.Unsettled > 0 ? $" ({Format.Count(report.Unsettled)} not yet written)" : "")}" : "";
        var peak = Math.Max(0, report.PeakManagedBytes) / (1024.0 * 1024.0);
        return $"Reconcile {id}: {Format.Count(report.SourceRecords)} source records, {Format.Count(report.DataverseRows)} Dataverse rows; {found}{repaired}. "
            + $"{report.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, peak managed heap {peak.ToString("0.0", CultureInfo.InvariantCulture)} MiB.";
    }
}
