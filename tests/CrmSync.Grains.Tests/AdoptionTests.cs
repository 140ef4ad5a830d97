using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CrmSync.Grains.Tests;

public sealed class AdoptionTests : IAsyncLifetime
{
    private RecordCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RecordCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ARowMadeBeforeCrmSyncIsUpdatedInPlaceAndItsContactsBindToIt()
    {
        var existing = Guid.NewGuid();
        await MakeRowAsync("accounts", existing, new JsonObject { ["name"] = "Made by the flows", ["msdyn_source_crm"] = RecordCluster.AdoptingSourceCrmValue, ["msdyn_source_crm_id"] = "SN-1" });

        var account = Record(Entities.Account, "SN-1");
        var contact = Record(Entities.Contact, "SN-C1");
        await account.Accept(Change(Entities.Account, "SN-1", ("name", "\"From CrmSync\"")));
        await contact.Accept(Change(Entities.Contact, "SN-C1", ("lastname", "\"Adopted\""), (RecordFields.ParentAccountId, "\"SN-1\"")));
        await _cluster.WaitUntilSettledAsync([account, contact]);

        var rows = await QueryAsync("accounts", "SN-1");
        Assert.Equal(existing, Assert.Single(rows)!["accountid"]!.GetValue<Guid>());
        Assert.Equal("From CrmSync", rows[0]!["name"]!.GetValue<string>());
        Assert.Equal(existing, (await account.GetSnapshot()).RowId);
        Assert.Equal(existing, Assert.Single(await QueryAsync("contacts", "SN-C1"))!["_parentcustomerid_value"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task WithNoRowToAdoptTheDerivedIdIsUsed()
    {
        var account = Record(Entities.Account, "SN-2");
        await account.Accept(Change(Entities.Account, "SN-2", ("name", "\"New\"")));
        await _cluster.WaitUntilSettledAsync([account]);

        Assert.Equal(RowIdentity(), Assert.Single(await QueryAsync("accounts", "SN-2"))!["accountid"]!.GetValue<Guid>());

        Guid RowIdentity() => CrmSync.Dataverse.RowIdentity.For(RecordCluster.AdoptingSourceCrmValue, "SN-2");
    }

    private IRecordGrain Record(string entity, string id) =>
        _cluster.Cluster.GrainFactory.GetGrain<IRecordGrain>(new RecordKey(RecordCluster.AdoptingSource, entity, id).ToString());

    private static RecordChange Change(string entity, string id, params (string Column, string Json)[] fields) =>
        new(entity, id, ChangeOperation.Upsert, ChangeVersion.FromInteger(1), fields.ToDictionary(f => f.Column, f => f.Json));

    private async Task MakeRowAsync(string entitySet, Guid id, JsonObject body)
    {
        using var response = await _cluster.WebApi.PatchAsJsonAsync($"{entitySet}({id})", body);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonArray> QueryAsync(string entitySet, string sourceId) =>
        (await _cluster.WebApi.GetFromJsonAsync<JsonObject>($"{entitySet}?$filter=msdyn_source_crm_id eq '{sourceId}'"))!["value"]!.AsArray();
}
