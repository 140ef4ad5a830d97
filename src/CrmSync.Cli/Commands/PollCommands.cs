namespace CrmSync.Cli.Commands;

/// <summary><c>crmsync poll status [source]</c>: the incremental pulls of issue 13, scheduled by each source's Poll:Interval.</summary>
public sealed class PollCommands(CliContext cli)
{
    public Command Build() => new("poll", "Watch the incremental pull of the sources that poll their CRM for changes.")
    {
        Status(),
    };

    private Command Status()
    {
        var source = new Argument<string?>("source") { Description = "A source's name; without it, every source that can be polled.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Show each polled entity's schedule, watermark, rounds and last error.") { source };
        command.SetAction((parse, cancellation) => StatusAsync(parse, parse.GetValue(source), cancellation));
        return command;
    }

    private async Task<int> StatusAsync(ParseResult parse, string? source, CancellationToken cancellation)
    {
        using var gateway = cli.Connect(parse);
        var list = await gateway.GetAsync<PollList>(source is null ? "admin/poll" : $"admin/poll/{GatewayClient.Segment(source)}", cancellation);
        PollPrinter.WriteTable(list.Polls, cli.Output);
        return ExitCodes.Ok;
    }
}
