namespace CrmSync.Cli.Commands;

/// <summary>
/// <c>crmsync records parked|kept|show|retry</c>: records Dataverse refused, rows edited in Dataverse that their source
/// keeps, and any one record's state (DESIGN.md §3 step 5).
/// </summary>
public sealed class RecordsCommands(CliContext cli)
{
    /// <summary>The gateway's largest page.</summary>
    private const int MaxPage = 1000;

    public Command Build() => new("records", "List parked and kept records, show a record, and retry records Dataverse refused.")
    {
        Listed("parked", "List the records Dataverse refused (or that were edited in Dataverse, OnDataverseEdit Park), with the errors."),
        Listed("kept", "List the records whose rows were edited in Dataverse and are kept as edited (OnDataverseEdit Keep), with the edits."),
        Show(),
        Retry(),
    };

    private Command Listed(string status, string description)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "List at most this many.", HelpName = "N", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(result =>
        {
            // A token that is not a number is reported by the parser already.
            if (result.Tokens is [var token] && int.TryParse(token.Value, CultureInfo.InvariantCulture, out var value) && value < 1)
            {
                result.AddError("--limit must be 1 or more.");
            }
        });
        var command = new Command(status, description) { limit };
        command.SetAction((parse, cancellation) => ListAsync(parse, status, parse.GetValue(limit), cancellation));
        return command;
    }

    private Command Show()
    {
        var (source, entity, id) = RecordArguments();
        var command = new Command("show", "Show one record: status, versions, desired fields, last error and recent changes.") { source, entity, id };
        command.SetAction((parse, cancellation) => ShowAsync(parse, parse.GetRequiredValue(source), parse.GetRequiredValue(entity), parse.GetRequiredValue(id), cancellation));
        return command;
    }

    private Command Retry()
    {
        var (source, entity, id) = RecordArguments();
        foreach (var argument in new[] { source, entity, id })
        {
            argument.Arity = ArgumentArity.ZeroOrOne;
        }

        var parked = new Option<bool>("--parked") { Description = "Retry every parked record (after fixing the cause) instead of one." };
        var command = new Command("retry", "Write a parked, kept or waiting record to Dataverse again (over any edit made in Dataverse), or every parked record with --parked.") { source, entity, id, parked };
        command.Validators.Add(result =>
        {
            var given = new[] { source, entity, id }.Count(argument => result.GetResult(argument) is { Tokens.Count: > 0 });
            var all = result.GetValue(parked);
            if (all && given > 0)
            {
                result.AddError("Give either --parked or a record's <source> <entity> <id>, not both.");
            }
            else if (!all && given < 3)
            {
                result.AddError("Say which record to retry: <source> <entity> <id>, or --parked for every parked record.");
            }
        });
        command.SetAction((parse, cancellation) => parse.GetValue(parked)
            ? RetryParkedAsync(parse, cancellation)
            : RetryAsync(parse, parse.GetRequiredValue(source), parse.GetRequiredValue(entity), parse.GetRequiredValue(id), cancellation));
        return command;
    }

    private async Task<int> ListAsync(ParseResult parse, string status, int limit, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        var items = new List<ParkedRecordItem>();
        string? continuation = null;
        do
        {
            var query = $"limit={Math.Min(MaxPage, limit - items.Count)}{(continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}")}";
            var page = await gateway.GetAsync<ParkedRecordList>($"admin/records?status={status}&{query}", cancellation);
            items.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null && items.Count < limit);

        RecordPrinter.WriteListed(items, status, cli.Output);
        if (continuation is not null)
        {
            cli.Output.WriteLine($"More records are {status} than these {items.Count}; raise --limit to see them.");
        }

        return ExitCodes.Ok;
    }

    private async Task<int> ShowAsync(ParseResult parse, string source, string entity, string id, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        RecordPrinter.WriteDetail(await gateway.GetAsync<RecordView>(RecordPath(source, entity, id), cancellation), cli.Output);
        return ExitCodes.Ok;
    }

    private async Task<int> RetryAsync(ParseResult parse, string source, string entity, string id, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        var retry = await gateway.PostAsync<RetryView>($"{RecordPath(source, entity, id)}/retry", cancellation);
        cli.Output.WriteLine($"Retrying {retry.Key}; it is {retry.Status} now, and `crmsync records show {source} {entity} {id}` shows how the write ends.");
        return ExitCodes.Ok;
    }

    private async Task<int> RetryParkedAsync(ParseResult parse, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        var retry = await gateway.PostAsync<RetryParkedView>("admin/records/retry-parked", cancellation);
        cli.Output.WriteLine(retry.Retrying == 0
            ? "No records are parked; nothing to retry."
            : $"Retrying {Format.Count(retry.Retrying)} parked record{(retry.Retrying == 1 ? "" : "s")}; `crmsync records parked` lists any Dataverse refuses again.");
        return ExitCodes.Ok;
    }

    private static (Argument<string> Source, Argument<string> Entity, Argument<string> Id) RecordArguments() => (
        new Argument<string>("source") { Description = "The source's name, as configured under CrmSync:Sources." },
        new Argument<string>("entity") { Description = "account or contact." },
        new Argument<string>("id") { Description = "The record's id in the source CRM." });

    private static string RecordPath(string source, string entity, string id) =>
        $"admin/records/{GatewayClient.Segment(source)}/{GatewayClient.Segment(entity)}/{GatewayClient.Segment(id)}";
}
