using CrmSync.Connectors.Tests.Fuzzing;
using CrmSync.Connectors.Tests.Rest;
using CrmSync.Testing.Fuzzing;
using CsCheck;
using Xunit.Abstractions;

namespace CrmSync.Connectors.Tests.Pipedrive;

public sealed class PipedriveFuzzTests(SimulatorFixture simulator, ITestOutputHelper output) : IClassFixture<SimulatorFixture>
{
    private static readonly string[] Corpus =
    [
        """{"meta":{"action":"change","entity":"person","entity_id":"42","id":"e1","company_id":"1","is_bulk_edit":false,"timestamp":"2026-02-01T10:00:05.000Z","type":"general","version":"2.0","attempt":1},"data":{"id":42,"first_name":"Ada","last_name":"Roe","emails":[{"value":"ada@example.com","primary":true,"label":"work"}],"phones":[{"value":"+1 555 0100","primary":true,"label":"work"}],"org_id":7,"update_time":"2026-02-01T10:00:00Z"},"previous":{"last_name":"Doe"}}""",
        """{"meta":{"action":"create","entity":"organization","entity_id":"7","id":"e2","timestamp":"1769940000","version":"2.0"},"data":{"id":7,"name":"Acme","address":{"value":"1 Main St","locality":"Springfield","postal_code":"12345","country":"US"},"update_time":"2026-02-01 10:00:00"},"previous":null}""",
        """{"meta":{"action":"delete","entity":"person","entity_id":"43","id":"e3","timestamp":"2026-02-01T10:00:05.000Z","merged_to_id":"42","version":"2.0"},"data":null,"previous":{"id":43,"last_name":"Roe"}}""",
        """{"meta":{"action":"change","entity":"deal","entity_id":"9","id":"e4","timestamp":"1769940000","version":"2.0"},"data":{"id":9,"title":"Big deal"},"previous":{}}""",
    ];

    [Fact]
    public async Task MutatedNotificationsAreRefusedOrRejectedAsMalformedNeverAServerError()
    {
        using var services = PipedriveSource.Create(simulator.Address);
        var connector = services.Connector();
        var run = new FuzzRun(output);

        await Gen.Select(Gen.Int, Gen.Int[0, 9], Gen.Int[0, Corpus.Length - 1]).SampleAsync(async (seed, mode, pick) =>
        {
            var body = JsonMutator.Mutate(Corpus[pick], seed);
            var headers = mode switch
            {
                8 => new Dictionary<string, string> { ["Authorization"] = Webhooks.Basic(PipedriveSource.Username, "guess") },
                9 => [],
                _ => new Dictionary<string, string> { ["Authorization"] = Webhooks.Basic(PipedriveSource.Username, PipedriveSource.Password) },
            };

            await run.RunAsync(connector, Webhooks.Request(PipedriveSource.Name, body, headers), signedRight: mode < 8);
        }, iter: FuzzRun.Iterations);

        run.Report("Pipedrive");
    }
}
