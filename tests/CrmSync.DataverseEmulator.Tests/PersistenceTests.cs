namespace CrmSync.DataverseEmulator.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task RowsAndTheirVersionsSurviveARestart()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var account = await Rows.CreateAccountAsync(emulator, "Durable", sourceId: "d1");
        (await emulator.PatchAsync(Rows.ContactByKey("c1"), $$"""{"lastname":"Lee","parentcustomerid_account@odata.bind":"/accounts({{account}})"}""")).Dispose();
        var before = await emulator.GetJsonAsync(Rows.ContactByKey("c1"));

        await emulator.RestartAsync();

        var after = await emulator.GetJsonAsync(Rows.ContactByKey("c1"));
        // The context URL names the new port; everything about the row itself must be unchanged.
        before.Remove("@odata.context");
        after.Remove("@odata.context");
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal("Durable", (string?)(await emulator.GetJsonAsync($"accounts({account})"))["name"]);
    }

    [Fact]
    public async Task VersionsKeepRisingAfterARestart()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "A");
        var second = await Rows.CreateAccountAsync(emulator, "B");
        var highest = (long)(await emulator.GetJsonAsync($"accounts({second})"))["versionnumber"]!;
        (await emulator.DeleteAsync($"accounts({second})")).Dispose();

        await emulator.RestartAsync();
        using var response = await emulator.PatchAsync($"accounts({id})", """{"name":"C"}""", ("Prefer", "return=representation"));

        Assert.True((long)(await TestEmulator.ReadJsonAsync(response))["versionnumber"]! > highest);
    }

    [Fact]
    public async Task TheDatabaseFileIsCreatedWhereConfigured()
    {
        await using var emulator = await TestEmulator.StartAsync();

        await Rows.CreateAccountAsync(emulator, "A");

        Assert.True(File.Exists(emulator.DatabasePath));
    }
}
