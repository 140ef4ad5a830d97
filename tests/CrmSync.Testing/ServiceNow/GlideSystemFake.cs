namespace CrmSync.Testing.ServiceNow;

/// <summary><c>gs</c>: system properties, the UTC clock in ServiceNow's internal format, and the system log.</summary>
public sealed class GlideSystemFake(IReadOnlyDictionary<string, string> properties, DateTime utcNow)
{
    public List<string> ErrorLog { get; } = [];

    public List<string> InfoLog { get; } = [];

    /// <summary>As ServiceNow answers: the property's value, else the alternate, else null.</summary>
    public string? GetProperty(string name, string? alternate = null) =>
        properties.TryGetValue(name, out var value) ? value : alternate;

    /// <summary>The current UTC date-time as <c>yyyy-MM-dd HH:mm:ss</c>, GlideDateTime's internal value.</summary>
    public string NowNoTZ() => utcNow.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public void Error(string message) => ErrorLog.Add(message);

    public void Warn(string message) => ErrorLog.Add(message);

    public void Info(string message) => InfoLog.Add(message);
}
