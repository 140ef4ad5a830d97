namespace CrmSync.Cli.Commands;

/// <summary><c>crmsync forecast &lt;source&gt;</c>: what a source costs in Dataverse requests, CRM API calls and initial-sync time.</summary>
public sealed class ForecastCommands(CliContext cli)
{
    public Command Build()
    {
        var source = new Argument<string>("source") { Description = "The source, as configured under CrmSync:Sources." };
        var entitlement = CountOption("--entitlement", "Your Power Platform request entitlement per 24 hours (row operations), to compare with.");
        var accounts = CountOption("--accounts", "The source's number of accounts, when no sync has read them yet.");
        var contacts = CountOption("--contacts", "The source's number of contacts, when no sync has read them yet.");
        var command = new Command("forecast", "Forecast the Dataverse requests, CRM API calls and initial-sync time of a source, from its record counts and the change rate CrmSync measured over the last 24 h.")
        {
            source, entitlement, accounts, contacts,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var query = string.Join("&", new[] { ("entitlement", parse.GetValue(entitlement)), ("accounts", parse.GetValue(accounts)), ("contacts", parse.GetValue(contacts)) }
                .Where(pair => pair.Item2 is not null)
                .Select(pair => $"{pair.Item1}={pair.Item2}"));
            using var gateway = cli.Connect(parse);
            var forecast = await gateway.GetAsync<ForecastView>($"admin/forecast/{GatewayClient.Segment(parse.GetRequiredValue(source))}{(query.Length > 0 ? "?" + query : "")}", cancellation);
            ForecastPrinter.Write(forecast, cli.Output);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<long?> CountOption(string name, string description)
    {
        var option = new Option<long?>(name) { Description = description, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && long.TryParse(token.Value, CultureInfo.InvariantCulture, out var value) && value < (name == "--entitlement" ? 1 : 0))
            {
                result.AddError($"{name} must be {(name == "--entitlement" ? "1" : "0")} or more.");
            }
        });
        return option;
    }
}
