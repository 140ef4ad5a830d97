using System.Text.Json;

namespace CrmSync.Cli.Commands;

/// <summary><c>crmsync sync start --dry-run</c>: what a sync would write, predicted on the silo without writing anything.</summary>
public sealed class DryRunCommand(CliContext cli)
{
    private const int UpdatesShown = 20;

    public async Task<int> RunAsync(ParseResult parse, string source, string entity, FileInfo? output, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        var run = await gateway.PostAsync<ReconcileView>($"admin/sync/{GatewayClient.Segment(source)}/{GatewayClient.Segment(entity)}/dry-run", cancellation);
        run = await ReconcileCommands.FollowAsync(cli, gateway, run, cancellation);
        if (run.Phase != "Completed")
        {
            throw new CliException(run.Error ?? $"The dry run of {run.Id} failed without saying why; look at the silo's log.");
        }

        var report = await gateway.GetAsync<JsonElement>($"admin/reconcile/jobs/{GatewayClient.Segment(run.Id)}/report", cancellation);
        var dryRun = report.Deserialize<DryRunReportView>(ReconcileCommands.ReportJson);
        if (dryRun?.Plan is not { } plan)
        {
            throw new CliException($"Another run of {run.Id} finished first, so there is no plan to show; run the dry run again.");
        }

        if (output is not null)
        {
            await File.WriteAllTextAsync(output.FullName, JsonSerializer.Serialize(plan, ReconcileCommands.ReportJson), cancellation);
        }

        cli.Output.WriteLine($"Dry run of {run.Id}: {Format.Count(dryRun.SourceRecords)} source records; a sync would create {Format.Count(plan.Creates.Count)}, update {Format.Count(plan.Updates.Count)} and delete {Format.Count(plan.Deletes.Count)} rows. Nothing was written.");
        foreach (var update in plan.Updates.Take(UpdatesShown))
        {
            cli.Output.WriteLine($"  update {update.SourceId}: {string.Join(", ", update.Columns.Select(c => $"{c.Column} {c.Old} -> {c.New}"))}");
        }

        if (plan.Updates.Count > UpdatesShown)
        {
            cli.Output.WriteLine($"  … and {Format.Count(plan.Updates.Count - UpdatesShown)} more updates{(output is null ? "; --out writes them all" : "")}.");
        }

        return ExitCodes.Ok;
    }
}
