using CrmSync.Connectors.Tests.Rest;

namespace CrmSync.Connectors.Tests.Dynamics365;

/// <summary>Initial sync and change tracking against a second Dataverse (the emulator).</summary>
public sealed class Dynamics365ReadTests(Dynamics365Source dynamics) : IClassFixture<Dynamics365Source>
{
    [Fact]
    public async Task TheInitialSyncPagesThroughEveryRowWithItsVersionParentAndLink()
    {
        var account = await dynamics.CreateAsync("accounts", new { name = "Contoso", telephone1 = "+1 555 0100" });
        var contacts = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            contacts.Add(await dynamics.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = $"Row {i}", ["parentcustomerid_account@odata.bind"] = $"/accounts({account})" }));
        }

        var pages = await dynamics.Services.Reader().ReadAllAsync(Dynamics365Source.Name, Entities.Contact);

        var read = pages.SelectMany(p => p.Changes).Where(c => contacts.Contains(Guid.Parse(c.SourceId))).ToList();
        Assert.Equal(16, read.Count);
        Assert.True(pages.Count >= 3, $"{pages.Count} pages of at most 7 rows");
        var first = read.Single(c => c.SourceId == contacts[0].ToString());
        var row = await dynamics.RowAsync("contacts", contacts[0]);
        Assert.True(first.IsComplete);
        Assert.Equal(ChangeVersion.FromInteger((long)row["versionnumber"]!), first.Version);
        Assert.Equal($"\"{account}\"", first.Fields[RecordFields.ParentAccountId]);
        Assert.Equal($"\"{dynamics.Organisation.GetLeftPart(UriPartial.Authority)}/main.aspx?pagetype=entityrecord&etn=contact&id={contacts[0]}\"", first.Fields[RecordFields.SourceUrl]);
    }

    [Fact]
    public async Task AContactWhoseParentIsAContactIsReadWithoutAParentAccountByPageAndByChangeTracking()
    {
        var parent = await dynamics.CreateAsync("contacts", new { lastname = "Parent" });
        var child = await dynamics.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = "Child", ["parentcustomerid_contact@odata.bind"] = $"/contacts({parent})" });

        var pages = await dynamics.Services.Reader().ReadAllAsync(Dynamics365Source.Name, Entities.Contact);
        var tracked = await dynamics.ChangeFeed.ReadChangesAsync(Dynamics365Source.Name, Entities.Contact,
            new ChangeQuery(null, null, DateTimeOffset.UtcNow, TimeSpan.Zero), CancellationToken.None);

        var paged = pages.SelectMany(page => page.Changes).Single(change => change.SourceId == child.ToString());
        var delta = tracked.Changes.Single(change => change.SourceId == child.ToString());
        Assert.Equal(("\"Child\"", "null"), (paged.Fields["lastname"], paged.Fields[RecordFields.ParentAccountId]));
        Assert.Equal("null", delta.Fields[RecordFields.ParentAccountId]);
    }

    [Fact]
    public async Task ChangeTrackingFollowsCreatesUpdatesAndDeletesFromTheDeltaLinkItGaveAsWatermark()
    {
        var changed = await dynamics.CreateAsync("accounts", new { name = "Before" });
        var deleted = await dynamics.CreateAsync("accounts", new { name = "Doomed" });
        var first = await dynamics.ChangeFeed.ReadChangesAsync(Dynamics365Source.Name, Entities.Account, new ChangeQuery(null, null, DateTimeOffset.UtcNow, TimeSpan.Zero), CancellationToken.None);

        (await dynamics.WebApi.PatchAsync($"accounts({changed})", JsonContent(new { name = "After" }))).EnsureSuccessStatusCode();
        (await dynamics.WebApi.DeleteAsync($"accounts({deleted})")).EnsureSuccessStatusCode();
        var added = await dynamics.CreateAsync("accounts", new { name = "New" });
        var next = await dynamics.ChangeFeed.ReadChangesAsync(Dynamics365Source.Name, Entities.Account, new ChangeQuery(first.Watermark, null, DateTimeOffset.UtcNow, TimeSpan.Zero), CancellationToken.None);

        Assert.True(first.FullRead);
        Assert.Contains("$deltatoken=", first.Watermark);
        Assert.Null(next.NextCursor);
        Assert.Contains(first.Changes, c => c.SourceId == deleted.ToString());
        Assert.False(next.FullRead);
        Assert.Equal("\"After\"", next.Changes.Single(c => c.SourceId == changed.ToString()).Fields["name"]);
        Assert.Contains(next.Changes, c => c.SourceId == added.ToString() && c.Operation == ChangeOperation.Upsert);
        var delete = next.Changes.Single(c => c.SourceId == deleted.ToString());
        Assert.Equal(ChangeOperation.Delete, delete.Operation);
        Assert.True(delete.Version > first.Changes.Single(c => c.SourceId == deleted.ToString()).Version);
        Assert.Equal(3, next.Changes.Count);
    }

    [Fact]
    public async Task AnExpiredTokenIsAnsweredWithAFullReRead()
    {
        var id = await dynamics.CreateAsync("accounts", new { name = "Still here" });
        var expired = $"{dynamics.Organisation}api/data/v9.2/accounts?$select=name&$deltatoken={Uri.EscapeDataString("1!01/01/2020 00:00:00")}";

        var delta = await dynamics.Client.ReadChangesAsync(Dynamics365Source.Name, Entities.Account, expired, CancellationToken.None);

        Assert.True(delta.Restarted);
        Assert.Contains(delta.Changes, c => c.SourceId == id.ToString());
        Assert.Contains("$deltatoken=", delta.NextLink);
    }

    private static StringContent JsonContent(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
