using System.Text.Json.Nodes;
using CrmSync.Abstractions;
using CrmSync.Dataverse.Writing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.Dataverse;

/// <summary>
/// Before the silo takes any work: checks that the environment has the tables, columns and choice
/// values CrmSync writes, resolves each source's choice value by label, and learns which tables take
/// bulk messages. Anything missing stops start-up with one message that names it and says what to do.
/// </summary>
public sealed partial class EnvironmentCheck(
    DataverseClient client,
    DataverseConnection connection,
    DataverseCapabilities capabilities,
    SourceCrmValues sourceValues,
    IOptions<CrmSyncOptions> options,
    ILogger<EnvironmentCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var table in new[] { DataverseTables.Account, DataverseTables.Contact })
        {
            await CheckTableAsync(table, problems, cancellationToken);
        }

        await ResolveSourceValuesAsync(problems, cancellationToken);
        if (problems.Count > 0)
        {
            var message = $"The Dataverse environment {connection.Url} is not ready for CrmSync: {string.Join("; ", problems)}. "
                + "Install Microsoft's Contact Center CRM connector solution (msdyn_ContactCenterCRMConnector), or add what is missing, then start again.";
            LogNotReady(message);
            throw new InvalidOperationException(message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CheckTableAsync(DataverseTable table, List<string> problems, CancellationToken cancellationToken)
    {
        JsonObject attributes;
        try
        {
            attributes = await client.GetJsonAsync($"EntityDefinitions(LogicalName='{table.LogicalName}')/Attributes?$select=LogicalName", cancellationToken);
        }
        catch (DataverseException ex) when (ex.Error.Status == 404)
        {
            problems.Add($"table {table.LogicalName} does not exist");
            return;
        }

        var present = attributes["value"]!.AsArray().Select(a => a!["LogicalName"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var required = table.WritableColumns.Append(DataverseTables.SourceCrm).Append(DataverseTables.SourceCrmId);
        if (table == DataverseTables.Contact)
        {
            required = required.Append("parentcustomerid");
        }

        problems.AddRange(required.Where(c => !present.Contains(c)).Order().Select(c => $"table {table.LogicalName} has no column {c}"));
        capabilities.SetUpsertMultiple(table, await SupportsAsync("CreateMultiple", table, cancellationToken) && await SupportsAsync("UpdateMultiple", table, cancellationToken));
    }

    /// <summary>Microsoft's documented test: a table takes UpsertMultiple when it takes CreateMultiple and UpdateMultiple.</summary>
    private async Task<bool> SupportsAsync(string message, DataverseTable table, CancellationToken cancellationToken)
    {
        var filters = await client.GetJsonAsync(
            $"sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq '{message}' and primaryobjecttypecode eq '{table.LogicalName}'", cancellationToken);
        return filters["value"]?.AsArray().Count > 0;
    }

    private async Task ResolveSourceValuesAsync(List<string> problems, CancellationToken cancellationToken)
    {
        var choices = await ReadSourceCrmOptionsAsync(problems, cancellationToken);
        if (choices is null)
        {
            return;
        }

        foreach (var (source, settings) in options.Value.Sources)
        {
            if (settings.SourceCrmValue is { } value)
            {
                if (!choices.ContainsValue(value))
                {
                    problems.Add($"source '{source}' is set to msdyn_source_crm value {value}, which is not an option ({Describe(choices)})");
                }

                continue;
            }

            var label = settings.EffectiveSourceCrmLabel;
            var match = choices.Where(o => o.Key.Equals(label, StringComparison.OrdinalIgnoreCase)).Select(o => (int?)o.Value).FirstOrDefault();
            if (match is { } found)
            {
                sourceValues.Set(source, found);
                LogResolved(source, label, found);
            }
            else
            {
                problems.Add($"msdyn_source_crm has no option labelled '{label}' for source '{source}' ({Describe(choices)}); set CrmSync__Sources__{source}__SourceCrmValue or __SourceCrmLabel");
            }
        }
    }

    private async Task<Dictionary<string, int>?> ReadSourceCrmOptionsAsync(List<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            var picklist = await client.GetJsonAsync(
                $"EntityDefinitions(LogicalName='account')/Attributes(LogicalName='{DataverseTables.SourceCrm}')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)",
                cancellationToken);
            // A local choice carries its options in OptionSet; a global one (if the solution made it so) in GlobalOptionSet.
            var optionSet = picklist["OptionSet"] is JsonObject local ? local : picklist["GlobalOptionSet"];
            return optionSet!["Options"]!.AsArray()
                .ToDictionary(
                    o => o!["Label"]?["UserLocalizedLabel"]?["Label"]?.GetValue<string>() ?? o!["Value"]!.ToString(),
                    o => o!["Value"]!.GetValue<int>(),
                    StringComparer.OrdinalIgnoreCase);
        }
        catch (DataverseException ex) when (ex.Error.Status is 404 or 400)
        {
            problems.Add($"the choice column {DataverseTables.SourceCrm} could not be read ({ex.Error.Message})");
            return null;
        }
    }

    private static string Describe(Dictionary<string, int> options) =>
        "options: " + string.Join(", ", options.OrderBy(o => o.Value).Select(o => $"{o.Value} {o.Key}"));

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogNotReady(string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source '{Source}' writes msdyn_source_crm {Value} (option '{Label}')")]
    private partial void LogResolved(string source, string label, int value);
}
