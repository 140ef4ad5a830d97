using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.Testing.Processes;
using Xunit.Abstractions;

namespace CrmSync.EndToEnd.Tests;

/// <summary>Beside the default source (generic, which overwrites), one source that keeps edits made in Dataverse and one that parks them.</summary>
public sealed class DataverseEditFixture : CrmSyncSystemFixture
{
    public const string KeepSource = "keeper";
    public const string ParkSource = "parker";

    public string Secret { get; } = WebhookSecret.Generate();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [$"CrmSync__Sources__{KeepSource}__Secret"] = Secret,
        [$"CrmSync__Sources__{KeepSource}__OnDataverseEdit"] = "Keep",
        [$"CrmSync__Sources__{ParkSource}__Secret"] = Secret,
        [$"CrmSync__Sources__{ParkSource}__OnDataverseEdit"] = "Park",
    };
}

/// <summary>
/// A row CrmSync wrote is edited in the emulator directly; the record's next write carries If-Match on the version CrmSync
/// wrote, the emulator answers 412, and each source's OnDataverseEdit decides what follows.
/// </summary>
public sealed class DataverseEditTests : IClassFixture<DataverseEditFixture>, IDisposable
{
    private readonly DataverseEditFixture _fixture;
    private readonly CrmSyncSystem _system;
    private readonly HttpClient _admin;

    public DataverseEditTests(DataverseEditFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _system = fixture.System;
        _system.ShowOutputIn(output);
        _admin = new HttpClient { BaseAddress = _system.GatewayUrl };
    }

    [Fact]
    public async Task OverwriteByDefaultWritesTheCrmsChangeOverTheEditAndShowsTheEditInTheRecordsHistory()
    {
        var id = RecordIds.New("A");
        var rowId = await WrittenThenEditedAsync(WebhookSender.Source, id);

        await SendAsync(WebhookSender.Source, GenericChange.Account(id, 2, new { name = "CRM v2" }));

        await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "CRM v2", "to hold the CRM's v2");
        var record = await WaitForRecordAsync(WebhookSender.Source, id, r => r["dataverseEdits"]!.AsArray().Count == 1 && (string?)r["status"] == "written");
        var edit = record["dataverseEdits"]![0]!;
        Assert.Equal("overwrite", (string?)edit["policy"]);
        Assert.Equal("Edited in Dataverse", (string?)edit["columns"]!["name"]!["inDataverse"]);
        Assert.Equal("CRM v2", (string?)edit["columns"]!["name"]!["fromCrm"]);
        Assert.False(edit["columns"]!.AsObject().ContainsKey("telephone1"));
        Assert.Equal(rowId, (Guid?)record["rowId"]);
    }

    [Fact]
    public async Task KeepStopsWritingTheRowEvenForADeleteListsItAsKeptAndARetryWritesOverTheEdit()
    {
        var source = DataverseEditFixture.KeepSource;
        var id = RecordIds.New("A");
        await WrittenThenEditedAsync(source, id);

        await SendAsync(source, GenericChange.Account(id, 2, new { name = "CRM v2" }));

        var record = await WaitForRecordAsync(source, id, r => (string?)r["status"] == "kept");
        Assert.Equal("keep", (string?)record["dataverseEdits"]![0]!["policy"]);
        // The registry is told once the record's state is stored, so it lists the record a moment after the record says so.
        await WaitUntilListedAsync("kept", id);
        Assert.DoesNotContain(await ListAsync("parked"), item => (string?)item["id"] == id);

        await SendAsync(source, GenericChange.Delete(Entities.Account, id, 3));

        await _system.Dataverse.WaitUntilWritesSettleAsync();
        Assert.Equal("Edited in Dataverse", (string?)(await _system.Dataverse.RowAsync(EmulatorClient.Accounts, id))!["name"]);
        Assert.Equal("kept", (string?)(await RecordAsync(source, id))["status"]);

        (await _admin.PostAsync($"admin/records/{source}/account/{id}/retry", null)).EnsureSuccessStatusCode();

        await _system.Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, id);
        await WaitForRecordAsync(source, id, r => (string?)r["status"] == "written");
        await Eventually.MatchesAsync(() => ListAsync("kept"), items => items.All(item => (string?)item["id"] != id), $"{id} no longer listed as kept");
    }

    [Fact]
    public async Task ParkParksTheRecordWithTheEditShownAndARetryWritesTheCrmsState()
    {
        var source = DataverseEditFixture.ParkSource;
        var id = RecordIds.New("A");
        await WrittenThenEditedAsync(source, id);

        await SendAsync(source, GenericChange.Account(id, 2, new { name = "CRM v2" }));

        var record = await WaitForRecordAsync(source, id, r => (string?)r["status"] == "parked");
        Assert.Equal("park", (string?)record["dataverseEdits"]![0]!["policy"]);
        var parked = await WaitUntilListedAsync("parked", id);
        Assert.Contains("edited in Dataverse: name is \"Edited in Dataverse\", CrmSync's is \"CRM v2\"", (string?)parked["error"]);
        await _system.Dataverse.WaitUntilWritesSettleAsync();
        Assert.Equal("Edited in Dataverse", (string?)(await _system.Dataverse.RowAsync(EmulatorClient.Accounts, id))!["name"]);

        (await _admin.PostAsync($"admin/records/{source}/account/{id}/retry", null)).EnsureSuccessStatusCode();

        await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "CRM v2", "to hold the CRM's v2 after the retry");
        await WaitForRecordAsync(source, id, r => (string?)r["status"] == "written");
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>The record's v1 reaches Dataverse; then someone edits its name there (its phone, which CrmSync also writes, stays).</summary>
    private async Task<Guid> WrittenThenEditedAsync(string source, string id)
    {
        await SendAsync(source, GenericChange.Account(id, 1, new { name = "CRM v1", telephone1 = "+1 555 0100" }));
        var row = await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id);
        var rowId = (Guid)row["accountid"]!;
        await _system.Dataverse.EditRowAsync(EmulatorClient.Accounts, rowId, new { name = "Edited in Dataverse" });
        return rowId;
    }

    private async Task SendAsync(string source, GenericChange change)
    {
        var response = await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of(change), source, source == WebhookSender.Source ? null : _fixture.Secret));
        Assert.Equal("accepted", response.Outcome);
    }

    private async Task<JsonObject> RecordAsync(string source, string id) =>
        (await _admin.GetFromJsonAsync<JsonObject>($"admin/records/{source}/account/{id}"))!;

    private Task<JsonObject> WaitForRecordAsync(string source, string id, Func<JsonObject, bool> condition) =>
        Eventually.MatchesAsync(() => RecordAsync(source, id), condition, $"record {source}/account/{id} as expected");

    private async Task<JsonNode> WaitUntilListedAsync(string status, string id) =>
        (await Eventually.MatchesAsync(() => ListAsync(status), items => items.Any(item => (string?)item["id"] == id), $"{id} listed as {status}"))
            .Single(item => (string?)item["id"] == id);

    private async Task<IReadOnlyList<JsonNode>> ListAsync(string status) =>
        [.. (await _admin.GetFromJsonAsync<JsonObject>($"admin/records?status={status}&limit=1000"))!["items"]!.AsArray().Select(item => item!)];
}
