using CrmSync.Gateway.Tests.Support;
using CrmSync.Testing;

namespace CrmSync.Gateway.Tests;

/// <summary>The reconcile and dry-run endpoints' refusals over real HTTP, against the real gateway and silo.</summary>
[Collection(AdminApiCollection.Name)]
public sealed class ReconcileApiTests(AdminApiSystem system)
{
    private readonly AdminClient _admin = new(system);

    [Theory]
    [InlineData("/admin/reconcile/generic/account")]
    [InlineData("/admin/sync/generic/account/dry-run")]
    public async Task GenericSourceIsABadRequestBecauseItHasNoRecordsToRead(string path)
    {
        using var response = await _admin.PostAsync(system.Gateway, path);

        await Json.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Source 'generic' is Generic (webhook-only)");
    }

    [Theory]
    [InlineData("/admin/reconcile/nowhere/account", HttpStatusCode.NotFound, "No source named 'nowhere' is configured")]
    [InlineData("/admin/reconcile/crm/lead", HttpStatusCode.BadRequest, "Entity 'lead' is unknown")]
    [InlineData("/admin/sync/crm/contact/dry-run", HttpStatusCode.BadRequest, "configure CrmSync:Sources:crm:Entities:contact")]
    public async Task BadSourceOrEntityIsRefusedWithAProblem(string path, HttpStatusCode status, string detail)
    {
        using var response = await _admin.PostAsync(system.Gateway, path);

        await Json.AssertProblemAsync(response, status, detail);
    }

    [Fact]
    public async Task MissingKeyIsUnauthorizedWhenAKeyIsConfigured()
    {
        using var response = await _admin.PostAsync(system.KeyedGateway, "/admin/reconcile/crm/account");

        await Json.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task ARunNeverStartedHasNoStatusNorReport()
    {
        using var shown = await _admin.GetAsync(system.Gateway, "/admin/reconcile/jobs/crm:contact");
        using var report = await _admin.GetAsync(system.Gateway, "/admin/reconcile/jobs/crm:contact/report");
        using var malformed = await _admin.GetAsync(system.Gateway, "/admin/reconcile/jobs/no-colon");

        await Json.AssertProblemAsync(shown, HttpStatusCode.NotFound, "Reconcile crm:contact has not run");
        await Json.AssertProblemAsync(report, HttpStatusCode.NotFound, "has no completed run");
        await Json.AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "'no-colon' is not a reconcile id");
    }
}
