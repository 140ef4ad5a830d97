using System.Text;
using CrmSync.Connectors.Tests.Fuzzing;
using CrmSync.Connectors.Tests.Rest;
using CrmSync.Connectors.Zendesk;
using CrmSync.Testing.Fuzzing;
using CsCheck;
using Xunit.Abstractions;

namespace CrmSync.Connectors.Tests.Zendesk;

public sealed class ZendeskFuzzTests(SimulatorFixture simulator, ITestOutputHelper output) : IClassFixture<SimulatorFixture>
{
    private static readonly string[] Corpus =
    [
        """{"type":"zen:event-type:user.created","account_id":1,"id":"a1","time":"2026-01-01T00:00:00Z","zendesk_event_version":"2022-06-20","subject":"zen:user:370000004","detail":{"created_at":"2026-01-01T00:00:00Z","email":"a@example.com","external_id":"","default_group_id":"0","id":"370000004","organization_id":"360000002","role":"end-user","updated_at":"2026-01-01T00:00:00Z"},"event":{}}""",
        """{"type":"zen:event-type:organization.name_changed","account_id":1,"id":"a2","time":"2026-01-01T00:00:00Z","zendesk_event_version":"2022-06-20","subject":"zen:organization:360000003","detail":{"created_at":"2026-01-01T00:00:00Z","id":"360000003","name":"Acme","shared_comments":false,"shared_tickets":false,"updated_at":"2026-01-01T00:00:00Z","group_id":null,"external_id":null},"event":{"current":"Acme","previous":"Acme Ltd"}}""",
        """{"type":"zen:event-type:user.deleted","account_id":1,"id":"a3","time":"2026-01-02T00:00:00Z","subject":"zen:user:370000005","detail":{"id":"370000005","organization_id":"0","updated_at":"2026-01-02T00:00:00Z"},"event":{}}""",
        """{"type":"zen:event-type:user.organization_membership_deleted","account_id":1,"id":"a4","time":"2026-01-02T00:00:00Z","subject":"zen:user:370000006","detail":{"id":"370000006","organization_id":"0","updated_at":"2026-01-02T00:00:00Z"},"event":{}}""",
        """{"type":"zen:event-type:ticket.created","account_id":1,"id":"a5","time":"2026-01-02T00:00:00Z","subject":"zen:ticket:1","detail":{"id":"1"},"event":{}}""",
    ];

    [Fact]
    public async Task MutatedEventsAreRefusedOrRejectedAsMalformedNeverAServerError()
    {
        using var services = ZendeskSource.Create(simulator.Address, readBackDelay: TimeSpan.Zero);
        var connector = services.Connector();
        var run = new FuzzRun(output);
        var now = DateTimeOffset.UtcNow;

        await Gen.Select(Gen.Int, Gen.Int[0, 9], Gen.Int[0, Corpus.Length - 1]).SampleAsync(async (seed, mode, pick) =>
        {
            // Most inputs are signed right, so they reach the parser; the rest test the signature check.
            var body = mode < 7 ? JsonMutator.Mutate(Corpus[pick], seed) : Encoding.UTF8.GetBytes(Corpus[pick]);
            var timestamp = (mode == 9 ? now.AddHours(-1) : now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            var headers = new Dictionary<string, string> { [ZendeskSignature.TimestampHeader] = timestamp };
            if (mode != 8)
            {
                headers[ZendeskSignature.SignatureHeader] = ZendeskSignature.Sign(mode == 7 ? "another-secret" : ZendeskSource.Secret, timestamp, body);
            }

            await run.RunAsync(connector, Webhooks.Request(ZendeskSource.Name, body, headers, now), signedRight: mode < 7);
        }, iter: FuzzRun.Iterations);

        run.Report("Zendesk");
    }
}
