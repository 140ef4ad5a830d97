using System.Collections.Concurrent;
using CrmSync.Hosting;
using CrmSync.Testing.Processes;

namespace CrmSync.Bench.Scenarios.Fuzz;

/// <summary>
/// Issue 14's combined fuzz run: a source of every kind configured at once (the <c>--demo</c> CRM sources on the CRM
/// simulator, which serves the read-backs, and a Dynamics 365 organisation of its own), and a mix of valid and invalid
/// requests to all of their webhook routes through the real gateway. It counts every answer by kind, category and
/// status, then checks through Dataverse's rows and the admin API that no record a refused request named was changed.
/// </summary>
public sealed class FuzzScenario : IScenario
{
    /// <summary>Enough that the few requests waiting for a read-back from the CRM do not hold up the many the gateway refuses at once.</summary>
    private const int Senders = 256;
    private const int Chunk = 20_000;
    private const string ServiceNowScriptUser = "servicenow";

    /// <summary>The webhook credential of every CRM source but the generic and REST ones, which take the system's.</summary>
    private static readonly string CrmSecret = WebhookSecret.Generate();

    /// <summary>The Dynamics 365 organisation's URL and data, chosen when the system is about to start.</summary>
    private (Uri Url, TempDirectory Data)? _organisation;

    public string Name => "fuzz";

    public string Title => "every webhook route of every kind at once, valid and invalid requests: no 5xx, and nothing stored from a refused request";

    public bool WithCrm => true;

    public IReadOnlyDictionary<string, string> Settings(bool quick)
    {
        _organisation ??= (new Uri($"http://127.0.0.1:{Ports.Free(1)[0]}"), new TempDirectory("crmsync-bench-organisation-"));
        const string dynamics = $"CrmSync__Sources__{SourceSettings.DemoDynamics365Source}__";
        const string serviceNow = $"CrmSync__Sources__{SourceSettings.DemoServiceNowSource}__";
        return new Dictionary<string, string>
        {
            [$"{dynamics}Kind"] = "Dynamics365",
            [$"{dynamics}ConnectionString"] = $"AuthType=None;Url={_organisation.Value.Url.GetLeftPart(UriPartial.Authority)}",
            [$"{dynamics}WebhookKey"] = CrmSecret,
            // Microsoft's scripts send Basic credentials, which the demo source has not configured.
            [$"{serviceNow}WebhookUsername"] = ServiceNowScriptUser,
            [$"{serviceNow}WebhookPassword"] = CrmSecret,
        };
    }

    public IReadOnlyDictionary<string, string> CrmSettings(Uri crm) => DemoSource.CrmSources(crm.ToString().TrimEnd('/'), CrmSecret);

    /// <summary>A second Dataverse emulator as the Dynamics 365 organisation, as Dynamics365System starts one.</summary>
    public IEnumerable<IResource> MoreResources() => _organisation is not { } organisation
        ? throw new InvalidOperationException("The organisation is chosen with the settings, before the system starts.")
        :
        [
            new ProjectResource("organisation", ProjectPaths.DataverseEmulator, organisation.Url.GetLeftPart(UriPartial.Authority))
            {
                Environment = new Dictionary<string, string> { ["Emulator__DatabasePath"] = Path.Combine(organisation.Data.Path, "organisation.db") },
            },
        ];

    public async Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken)
    {
        if (run.System.CrmUrl is null)
        {
            throw new InvalidOperationException("The fuzz scenario configures a source of every kind on the CRM simulator, so it starts the system itself; run it without --target.");
        }

        using var organisationData = _organisation?.Data;
        var total = run.Quick ? 20_000 : 1_000_000;
        var validRecords = run.Quick ? 50 : 200;
        FuzzSource[] sources =
        [
            new GenericFuzzSource("Generic", WebhookSender.Source) { Secret = run.System.SourceSecret },
            new GenericFuzzSource("Rest", DemoSource.Name) { Secret = run.System.SourceSecret },
            new ServiceNowRuleFuzzSource(SourceSettings.DemoServiceNowSource) { Secret = CrmSecret },
            new ServiceNowScriptFuzzSource(SourceSettings.DemoServiceNowSource, ServiceNowScriptUser) { Secret = CrmSecret },
            new SalesforceFuzzSource(SourceSettings.DemoSalesforceSource) { Secret = CrmSecret },
            new ZendeskFuzzSource(SourceSettings.DemoZendeskSource) { Secret = CrmSecret },
            new HubSpotFuzzSource(SourceSettings.DemoHubSpotSource, run.System.GatewayUrl) { Secret = CrmSecret },
            new PipedriveFuzzSource(SourceSettings.DemoPipedriveSource, "crmsync") { Secret = CrmSecret },
            new Dynamics365FuzzSource(SourceSettings.DemoDynamics365Source) { Secret = CrmSecret },
        ];
        result.Parameters["requests"] = total;
        result.Parameters["senders"] = Senders;
        result.Parameters["requests prepared at a time"] = Chunk;
        result.Parameters["sources"] = string.Join(", ", sources.Select(source => $"{source.Kind} ({source.Source})"));
        result.Parameters["valid records per source and entity"] = validRecords;
        result.Parameters["marked records per source and entity"] = FuzzMix.MarkedRecords;

        await run.System.Dataverse.SetLimitsAsync(EmulatorLimits.Unthrottled);
        var mix = new FuzzMix(sources, validRecords, seed: 14);
        var ledger = new FuzzLedger();
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < total;)
        {
            var batch = mix.Next(Math.Min(Chunk, total - sent));
            await run.Load.ClosedLoopAsync(run.System.GatewayUrl, [.. batch.Select(request => request.Request)], Senders,
                cancellationToken: cancellationToken, answered: (index, status, failure) => ledger.Add(batch[index], status, failure));
            sent += batch.Count;
            if (sent % 100_000 == 0 || sent == total)
            {
                run.Progress($"{sent:N0} of {total:N0} requests, {sent / clock.Elapsed.TotalSeconds:N0}/s; {ledger.ServerErrors:N0} 5xx or unanswered so far");
            }
        }

        var elapsed = clock.Elapsed;
        run.Progress("waiting for the silo to write what was accepted");
        await run.System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromMinutes(run.Quick ? 1 : 5));
        run.Progress("checking Dataverse and the admin API for the records refused requests named");
        var stored = await FuzzChecks.StoredFromRefusedAsync(run.System, mix);
        var seen = await FuzzChecks.ValidRecordsSeenAsync(run.System, ledger);

        ledger.Report(result, sources);
        var valid = ledger.Count(request => request.Category == FuzzMix.Valid);
        var validAcknowledged = ledger.Count(request => request.Category == FuzzMix.Valid, status => status is >= 200 and < 300);
        var refusedAccepted = ledger.Count(request => request.Refused, status => status is >= 200 and < 300);
        result.AddTarget("5xx over all webhook routes", "0 (and every request answered)", ledger.ServerErrors, "requests", ledger.ServerErrors == 0,
            ledger.ServerErrors == 0 ? null : string.Join("; ", ledger.ServerErrorExamples));
        result.AddTarget("refused requests answered 2xx", "0", refusedAccepted, "requests", refusedAccepted == 0, ledger.FirstAcceptedRefusal);
        result.AddTarget("changes stored from refused requests", "0 rows in Dataverse and 0 records in the admin API", stored.Count, "records", stored.Count == 0,
            stored.Count == 0 ? $"{FuzzMix.MarkedRecords * 2 * sources.DistinctBy(source => source.Source).Count():N0} marked records checked both ways" : string.Join("; ", stored.Take(5)));
        result.AddTarget("valid requests acknowledged", "all (2xx)", valid == 0 ? 0 : validAcknowledged * 100.0 / valid, "%", validAcknowledged == valid,
            $"{validAcknowledged:N0} of {valid:N0}");
        result.AddTarget("records of valid requests seen by the admin API", "every source and entity", seen.Found, "of " + seen.Checked, seen.Found == seen.Checked,
            "the control for the refused records' check: the same look-up finds what was accepted");
        result.Parameters["elapsed seconds"] = Math.Round(elapsed.TotalSeconds, 1);
        result.Parameters["requests per second"] = Math.Round(total / elapsed.TotalSeconds);
        result.Notes.Add($"{total:N0} requests in {elapsed.TotalSeconds:N0} s, {total / elapsed.TotalSeconds:N0} requests/s, {Senders} senders on keep-alive loopback connections, requests signed in chunks of {Chunk:N0} just before they are sent.");
        result.Notes.Add($"A refused request names only marked records (ids from {FuzzMix.RefusedIndex:N0} up in each source's id format, named {FuzzMix.Marker}…); after the silo has written everything, no Dataverse row may carry a marked id or the marker, and the admin API must answer 404 (never seen) for every marked record.");
        result.Notes.Add("Damaged requests signed right may be accepted or refused, never answered 5xx; valid ones are small and about records the CRM simulator has, so Zendesk, HubSpot and Microsoft's ServiceNow scripts read real records back.");
    }
}
