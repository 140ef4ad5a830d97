using System.Net.Http.Json;
using CrmSync.Dataverse;
using CrmSync.Gateway.Tests.Support;
using CrmSync.Testing;

namespace CrmSync.Gateway.Tests;

/// <summary>The sync API over real HTTP, against the real gateway, silo and Dataverse emulator, reading the CRM simulator.</summary>
[Collection(AdminApiCollection.Name)]
public sealed class SyncApiTests(AdminApiSystem system)
{
    private readonly AdminClient _admin = new(system);

    [Fact]
    public async Task SyncOfARestSourceIsAcceptedFollowedToCompletionAndListed()
    {
        using var started = await _admin.PostAsync(system.Gateway, "/admin/sync/crm/account");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/admin/sync/jobs/crm:account", started.Headers.Location?.OriginalString);
        var view = await Json.ReadAsync(started);
        Assert.Equal(
            ["id", "source", "entity", "run", "state", "pages", "read", "accepted", "stale", "duplicate", "written", "parked", "total", "rate", "etaSeconds", "startedAt", "updatedAt", "completedAt", "error"],
            view.AsObject().Select(p => p.Key));
        Assert.Equal(("crm:account", "crm", "account", 1), (view["id"]!.GetValue<string>(), view["source"]!.GetValue<string>(), view["entity"]!.GetValue<string>(), view["run"]!.GetValue<int>()));

        var done = await Eventually.MatchesAsync(
            async () =>
            {
                using var response = await _admin.GetAsync(system.Gateway, "/admin/sync/jobs/crm:account");
                return await Json.ReadAsync(response);
            },
            job => job["state"]?.GetValue<string>() == "Completed" && job["written"]?.GetValue<long>() == AdminApiSystem.SimulatedAccounts,
            "the sync job to complete with every account written",
            TimeSpan.FromSeconds(60),
            job => $"{job.ToJsonString()}{Environment.NewLine}{system.RecentOutput()}");
        Assert.Equal((3L, 120L, 120L, 0L), (done["pages"]!.GetValue<long>(), done["read"]!.GetValue<long>(), done["accepted"]!.GetValue<long>(), done["parked"]!.GetValue<long>()));
        Assert.True(done["rate"]!.GetValue<double>() > 0, done.ToJsonString());
        Assert.NotNull(done["completedAt"]);

        var row = await system.Dataverse.RowAsync(EmulatorClient.Accounts, "A0000001");
        Assert.Equal("A0000001", row!["msdyn_source_crm_id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(row["name"]?.GetValue<string>()), row.ToJsonString());

        using var list = await _admin.GetAsync(system.Gateway, "/admin/sync/jobs");
        Assert.Contains("crm:account", (await Json.ReadAsync(list))["jobs"]!.AsArray().Select(job => job!["id"]!.GetValue<string>()));

        using var cancel = await _admin.PostAsync(system.Gateway, "/admin/sync/jobs/crm:account/cancel");
        await Json.AssertProblemAsync(cancel, HttpStatusCode.Conflict, "is Completed, not running");
    }

    [Fact]
    public async Task UnknownSourceIsNotFound()
    {
        using var response = await _admin.PostAsync(system.Gateway, "/admin/sync/nowhere/account");

        await Json.AssertProblemAsync(response, HttpStatusCode.NotFound, "No source named 'nowhere' is configured");
    }

    [Fact]
    public async Task GenericSourceIsABadRequestBecauseItIsWebhookOnly()
    {
        using var response = await _admin.PostAsync(system.Gateway, "/admin/sync/generic/account");

        await Json.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Source 'generic' is Generic (webhook-only)");
    }

    [Fact]
    public async Task UnknownEntityIsABadRequest()
    {
        using var response = await _admin.PostAsync(system.Gateway, "/admin/sync/crm/lead");

        await Json.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Entity 'lead' is unknown");
    }

    [Fact]
    public async Task EntityWithoutSettingsIsABadRequest()
    {
        using var response = await _admin.PostAsync(system.Gateway, "/admin/sync/crm/contact");

        await Json.AssertProblemAsync(response, HttpStatusCode.BadRequest, "configure CrmSync:Sources:crm:Entities:contact");
    }

    [Fact]
    public async Task MissingKeyIsUnauthorizedWhenAKeyIsConfigured()
    {
        using var response = await _admin.GetAsync(system.KeyedGateway, "/admin/sync/jobs");

        await Json.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task JobNeverStartedIsNotFound()
    {
        using var shown = await _admin.GetAsync(system.Gateway, "/admin/sync/jobs/generic:contact");
        using var cancelled = await _admin.PostAsync(system.Gateway, "/admin/sync/jobs/generic:contact/cancel");

        await Json.AssertProblemAsync(shown, HttpStatusCode.NotFound, "Sync job generic:contact has never been started");
        await Json.AssertProblemAsync(cancelled, HttpStatusCode.NotFound, "has never been started");
    }

    [Fact]
    public async Task MalformedJobIdIsABadRequest()
    {
        using var response = await _admin.GetAsync(system.Gateway, "/admin/sync/jobs/no-colon");

        await Json.AssertProblemAsync(response, HttpStatusCode.BadRequest, "'no-colon' is not a sync job id");
    }
}
