namespace CrmSync.DataverseEmulator.Query;

/// <summary>Values for the <c>@pN</c> placeholders of a generated statement; user input never enters SQL text.</summary>
public sealed class SqlParameters
{
    private readonly List<object> values = [];

    public IReadOnlyList<object> Values => values;

    public string Add(object value)
    {
        values.Add(value);
        return $"@p{values.Count - 1}";
    }
}
