namespace CrmSync.Testing.ServiceNow;

/// <summary>
/// <c>current</c> as a business rule sees it: internal values as strings, null for an empty field (as GlideRecord's
/// getValue answers), and the operation the rule runs for. Method names are matched case-insensitively by the host,
/// so <c>getValue</c> in the script is <see cref="GetValue"/> here.
/// </summary>
public sealed class GlideRecordFake(string table, string operation, IReadOnlyDictionary<string, string?> values, bool globalScope = false)
{
    public IReadOnlyDictionary<string, string?> Values => values;

    public string GetTableName() => table;

    public string? GetUniqueValue() => GetValue("sys_id");

    public string Operation() => operation;

    public string? GetValue(string name) => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>A scoped app gets a JavaScript array of elements; the global scope a java.util.ArrayList.</summary>
    public object GetElements()
    {
        var elements = values.Keys.Select(name => new GlideElementFake(name)).ToArray();
        return globalScope ? new JavaArrayListFake<GlideElementFake>(elements) : elements;
    }
}

public sealed class GlideElementFake(string name)
{
    public string GetName() => name;
}

/// <summary>What Rhino shows a script of a java.util.ArrayList: size() and get(i), no length.</summary>
public sealed class JavaArrayListFake<T>(IReadOnlyList<T> items)
{
    public int Size() => items.Count;

    public T Get(int index) => items[index];
}
