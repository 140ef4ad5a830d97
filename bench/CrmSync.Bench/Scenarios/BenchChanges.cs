namespace CrmSync.Bench.Scenarios;

/// <summary>The account changes the scenarios send: every column says which version set it, so a row shows the version it is at.</summary>
public static class BenchChanges
{
    /// <summary>Account <paramref name="id"/> at <paramref name="version"/>: numberofemployees carries <paramref name="marker"/> (the version unless given).</summary>
    public static GenericChange Account(string id, long version, long? marker = null) =>
        GenericChange.Account(id, version, new Dictionary<string, object>
        {
            ["name"] = $"{id} v{version}",
            ["telephone1"] = $"+1 555 {version % 10000:0000}",
            ["numberofemployees"] = marker ?? version,
        }) with { Url = $"https://crm.example/accounts/{id}" };

    /// <summary>A short id of this run, so that runs against a running system never see each other's rows.</summary>
    public static string RunId() => Guid.NewGuid().ToString("N")[..6];

    /// <summary>The version a row is at, as <see cref="Account"/> wrote it, or null.</summary>
    public static long? Marker(JsonObject row) => (long?)row["numberofemployees"];
}
