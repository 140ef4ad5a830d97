namespace CrmSync.Testing;

/// <summary>Source ids of one test's own records, so tests that share an emulator never see each other's rows.</summary>
public static class RecordIds
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";
}
