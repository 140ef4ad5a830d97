using System.Diagnostics;
using System.Net.Http.Json;
using CrmSync.Cli.Gateway;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Hosting;
using CrmSync.CrmSimulator.ServiceNow;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.EndToEnd.Tests.ServiceNow;

/// <summary>
/// Issue 13's "done when" for a ServiceNow source polled every 2 s with 2 s of overlap: with its webhooks off, changes
/// and deletes made in the CRM reach Dataverse within one interval plus overlap (and the time to write); with them on,
/// polling adds no Dataverse write. The CRM is the simulator's Table API; no initial sync, so only changed records are rows.
/// </summary>
public sealed class ServiceNowPollTests(ServiceNowPollTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<ServiceNowPollTests.Fixture>
{
    private const string Source = "polled-servicenow";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(2);
    /// <summary>The write's own time: a batch's short wait, the request, and a machine shared with other builds.</summary>
    private static readonly TimeSpan WriteAllowance = TimeSpan.FromSeconds(6);

    private EmulatorClient Dataverse => fixture.System.Dataverse;

    [Fact]
    public async Task WithWebhooksOffChangesAndDeletesInTheCrmReachDataverseWithinOneIntervalPlusOverlap()
    {
        await fixture.WaitForRoundsAsync(Entities.Account, 1);
        var (contact, account) = await fixture.ContactWithAnAccountAsync();
        var clock = Stopwatch.StartNew();

        await fixture.ChangeAsync(deliver: false,
            Update("customer_account", AccountId(11), new { name = "Renamed by a poll" }),
            Update("customer_account", AccountId(13), new { name = "To be deleted" }),
            Update("customer_account", account, new { name = "The contact's account" }),
            Update("customer_contact", contact, new { last_name = "Polled" }));
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, AccountId(13), row => (string?)row["name"] == "To be deleted", "renamed", Interval + Overlap + WriteAllowance);
        var deleting = Stopwatch.StartNew();
        await fixture.ChangeAsync(deliver: false, new { table = "customer_account", sysId = AccountId(13), operation = "delete" });

        var limit = Interval + Overlap + WriteAllowance;
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, AccountId(11), row => (string?)row["name"] == "Renamed by a poll", "renamed", limit);
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, account, row => (string?)row["name"] == "The contact's account", "renamed", limit);
        var row = await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, contact, row => (string?)row["lastname"] == "Polled", "renamed", limit);
        output.WriteLine($"changes reached Dataverse {clock.Elapsed.TotalSeconds:0.0} s after they were made");
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, AccountId(13), limit);
        output.WriteLine($"the delete reached Dataverse {deleting.Elapsed.TotalSeconds:0.0} s after it was made");
        Assert.Equal(Guid.Parse(account), Guid.Parse((string)row["_parentcustomerid_value"]!));
        var polls = await fixture.PollsAsync();
        Assert.All(polls, poll => Assert.Equal((true, 2.0, (string?)null), (poll.Scheduled, poll.IntervalSeconds, poll.Error)));
        Assert.True(polls.Single(poll => poll.Entity == Entities.Account).Accepted >= 2, $"{polls[0]}");
    }

    [Fact]
    public async Task WithWebhooksOnPollingAddsNoDataverseWrites()
    {
        await fixture.WaitForRoundsAsync(Entities.Account, 1);
        // An account no contact row refers to, so that its delete writes one row and nothing else.
        var id = (await fixture.ContactWithAnAccountAsync()).Account == AccountId(21) ? AccountId(22) : AccountId(21);
        var beforeUpdate = await Dataverse.WaitUntilWritesSettleAsync();
        var sent = await fixture.ChangeAsync(deliver: true, Update("customer_account", id, new { name = "Sent by the business rule" }));
        var updateRead = await RoundsAfterAsync();
        var afterUpdate = await Dataverse.WaitUntilWritesSettleAsync();
        var deleted = await fixture.ChangeAsync(deliver: true, new { table = "customer_account", sysId = id, operation = "delete" });
        var deleteRead = await RoundsAfterAsync();
        var afterDelete = await Dataverse.WaitUntilWritesSettleAsync();

        Assert.Equal((200, 200), ((int)sent[0]!["status"]!, (int)deleted[0]!["status"]!));
        Assert.Null(await Dataverse.RowAsync(EmulatorClient.Accounts, id));
        // The rounds read the update and then the deletion too, yet each was written once: whichever of a round and the
        // webhook brought a change first, the other was a duplicate or stale. The first round to begin after the change reads
        // it (its window opens at the previous round's start less the overlap), and that round or the next is among the
        // three counted. A second read is likely but not certain: the timer's 2 s count from a round's end, so on a busy
        // machine a slow round can move the next one's window past the change.
        Assert.True(updateRead.After.Read >= updateRead.Before.Read + 1, $"no round read the update: {updateRead.Before} then {updateRead.After}");
        Assert.True(deleteRead.After.Deletes >= deleteRead.Before.Deletes + 1, $"no round read the deletion: {deleteRead.Before} then {deleteRead.After}");
        Assert.Equal((1L, 1L), (afterUpdate.RecordsWritten - beforeUpdate.RecordsWritten, afterDelete.RecordsWritten - afterUpdate.RecordsWritten));
    }

    /// <summary>Three rounds that begin after now: the overlap keeps what just changed in their window.</summary>
    private async Task<(PollView Before, PollView After)> RoundsAfterAsync()
    {
        var before = (await fixture.PollsAsync()).Single(poll => poll.Entity == Entities.Account);
        return (before, await fixture.WaitForRoundsAsync(Entities.Account, before.Rounds + 3));
    }

    private static string AccountId(int index) => SysIds.Of(SimEntity.Account, index);

    private static string ContactId(int index) => SysIds.Of(SimEntity.Contact, index);

    private static object Update(string table, string sysId, object fields) => new { table, sysId, operation = "update", fields };

    /// <summary>A ServiceNow simulator with a few records and CrmSync with a ServiceNow source polled every 2 s.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        private const string WebhookUsername = "servicenow";
        private const string WebhookPassword = "pa55word";

        private WebApplication? simulator;
        private SourcePolls? polls;

        public CrmSyncSystem System { get; private set; } = null!;

        public HttpClient Crm { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            simulator = await CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Simulator:Accounts"] = "50", ["Simulator:Contacts"] = "50",
                ["Simulator:Auth:Type"] = "Basic", ["Simulator:Auth:Username"] = "crmsync", ["Simulator:Auth:Password"] = "read0nly",
            });
            Crm = new HttpClient { BaseAddress = simulator.GetSimulatorAddress() };
            var prefix = $"CrmSync__Sources__{Source}__";
            System = await CrmSyncSystem.StartAsync(new Dictionary<string, string>
            {
                [prefix + "Kind"] = "ServiceNow",
                [prefix + "Instance"] = Crm.BaseAddress!.ToString().TrimEnd('/'),
                [prefix + "Auth__Username"] = "crmsync",
                [prefix + "Auth__Password"] = "read0nly",
                [prefix + "Secret"] = Secret,
                [prefix + "WebhookUsername"] = WebhookUsername,
                [prefix + "WebhookPassword"] = WebhookPassword,
                [prefix + "Poll__Interval"] = $"{Interval}",
                [prefix + "Poll__Overlap"] = $"{Overlap}",
            });
            polls = new SourcePolls(System.GatewayUrl, Source);
        }

        public Task<IReadOnlyList<PollView>> PollsAsync() => polls!.ListAsync();

        public Task<PollView> WaitForRoundsAsync(string entity, long rounds) => polls!.WaitForRoundsAsync(entity, rounds);

        /// <summary>Changes the CRM's records, and has its CrmSync business rule send them when <paramref name="deliver"/>.</summary>
        public async Task<JsonArray> ChangeAsync(bool deliver, params object[] changes)
        {
            using var response = await Crm.PostAsJsonAsync("simulator/servicenow/changes", new
            {
                target = new Uri(System.GatewayUrl, $"webhooks/{Source}").ToString(), family = "CrmSync", secret = Secret,
                username = WebhookUsername, password = WebhookPassword, deliver, concurrency = 4, changes,
            });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return JsonNode.Parse(text)!["notifications"]!.AsArray();
        }

        /// <summary>A contact the simulator gave an account (some it gives none), and that account's sys_id.</summary>
        public async Task<(string Contact, string Account)> ContactWithAnAccountAsync()
        {
            foreach (var index in Enumerable.Range(12, 30))
            {
                if ((string?)(await CrmRecordAsync("customer_contact", ContactId(index)))["account"] is { Length: > 0 } account)
                {
                    return (ContactId(index), account);
                }
            }

            throw new InvalidOperationException("None of the simulator's contacts 12 to 41 has an account.");
        }

        public async Task<JsonObject> CrmRecordAsync(string table, string sysId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/now/table/{table}/{sysId}?sysparm_exclude_reference_link=true");
            request.Headers.Authorization = new("Basic", Convert.ToBase64String("crmsync:read0nly"u8.ToArray()));
            using var response = await Crm.SendAsync(request);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!.AsObject();
        }

        public async Task DisposeAsync()
        {
            polls?.Dispose();
            if (System is not null)
            {
                await System.DisposeAsync();
            }

            Crm?.Dispose();
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }
        }
    }
}
