namespace CrmSync.Abstractions;

/// <summary>The key of a record grain: "{source}/{entity}/{sourceId}". The source id may contain '/'.</summary>
[GenerateSerializer, Immutable]
public readonly record struct RecordKey(
    [property: Id(0)] string Source,
    [property: Id(1)] string Entity,
    [property: Id(2)] string SourceId)
{
    public override string ToString() => $"{Source}/{Entity}/{SourceId}";

    public static RecordKey Parse(string key)
    {
        var parts = key.Split('/', 3);
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
        {
            throw new FormatException($"'{key}' is not a record key of the form source/entity/sourceId.");
        }

        return new RecordKey(parts[0], parts[1], parts[2]);
    }
}
