namespace CrmSync.Grains;

/// <summary>The grain storage providers the grains name; the silo host registers them.</summary>
public static class StorageNames
{
    public const string Records = "records";
}
