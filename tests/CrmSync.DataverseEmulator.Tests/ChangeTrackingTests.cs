namespace CrmSync.DataverseEmulator.Tests;

public sealed class ChangeTrackingTests
{
    private static readonly (string, string) TrackChanges = ("Prefer", "odata.track-changes");

    [Fact]
    public async Task TrackingStartsWithEveryRowAndADeltaLink()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await Rows.CreateAccountAsync(emulator, "A");
        await Rows.CreateAccountAsync(emulator, "B");

        var first = await emulator.GetJsonAsync("accounts?$select=name", TrackChanges);

        Assert.Equal(["A", "B"], first["value"]!.AsArray().Select(row => (string)row!["name"]!).Order());
        Assert.Contains("$deltatoken=", (string)first["@odata.deltaLink"]!);
    }

    [Fact]
    public async Task TheDeltaLinkAnswersWhatChangedAndADeletedStubForWhatWasDeleted()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var kept = await Rows.CreateAccountAsync(emulator, "Kept");
        var changed = await Rows.CreateAccountAsync(emulator, "Before");
        var deleted = await Rows.CreateAccountAsync(emulator, "Doomed");
        var delta = (string)(await emulator.GetJsonAsync("accounts?$select=name,versionnumber", TrackChanges))["@odata.deltaLink"]!;

        (await emulator.PatchAsync($"accounts({changed})", """{"name":"After"}""")).EnsureSuccessStatusCode();
        (await emulator.DeleteAsync($"accounts({deleted})")).EnsureSuccessStatusCode();
        var added = await Rows.CreateAccountAsync(emulator, "New");
        var changes = await emulator.GetJsonAsync(delta);

        var rows = changes["value"]!.AsArray();
        Assert.Equal([("After", changed.ToString()), ("New", added.ToString())], rows.Where(r => r!["name"] is not null).Select(r => ((string)r!["name"]!, (string)r["accountid"]!)));
        var stub = Assert.Single(rows, r => r!["reason"] is not null)!;
        Assert.Equal(deleted.ToString(), (string?)stub["id"]);
        Assert.EndsWith("$metadata#accounts/$deletedEntity", (string?)stub["@odata.context"]);
        Assert.DoesNotContain(rows, r => (string?)r!["accountid"] == kept.ToString());
        Assert.Empty((await emulator.GetJsonAsync((string)changes["@odata.deltaLink"]!))["value"]!.AsArray());
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedSoTheClientStartsOver()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.SendAsync(HttpMethod.Get, $"accounts?$deltatoken={Uri.EscapeDataString("5!01/01/2020 00:00:00")}");

        Assert.Contains("expired", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80044352"));
    }
}
