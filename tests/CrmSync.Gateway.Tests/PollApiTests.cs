using CrmSync.Gateway.Tests.Support;

namespace CrmSync.Gateway.Tests;

/// <summary>The pull and poll endpoints' refusals and listing over real HTTP, for sources that cannot be polled.</summary>
[Collection(AdminApiCollection.Name)]
public sealed class PollApiTests(AdminApiSystem system)
{
    private readonly AdminClient _admin = new(system);

    [Theory]
    [InlineData("/admin/pull/generic/account", HttpStatusCode.BadRequest, "Source 'generic' is Generic, which keeps no change feed to pull")]
    [InlineData("/admin/pull/crm/account", HttpStatusCode.BadRequest, "set CrmSync:Sources:crm:Entities:account:UpdatedSince")]
    [InlineData("/admin/pull/nosuch/account", HttpStatusCode.NotFound, "No source named 'nosuch'")]
    [InlineData("/admin/pull/crm/opportunity", HttpStatusCode.BadRequest, "Entity 'opportunity' is unknown")]
    public async Task APullThatCannotBeDoneIsAProblemThatSaysWhy(string path, HttpStatusCode status, string detail)
    {
        using var response = await _admin.PostAsync(system.Gateway, path);
        var problem = await Json.ReadAsync(response);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task PollsListOnlyWhatCanBePolledAndAnUnknownSourceIsNotFound()
    {
        using var all = await _admin.GetAsync(system.Gateway, "/admin/poll");
        using var one = await _admin.GetAsync(system.Gateway, "/admin/poll/crm");
        using var unknown = await _admin.GetAsync(system.Gateway, "/admin/poll/nosuch");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (all.StatusCode, one.StatusCode, unknown.StatusCode));
        Assert.Empty((await Json.ReadAsync(all))["polls"]!.AsArray());
        Assert.Empty((await Json.ReadAsync(one))["polls"]!.AsArray());
    }
}
