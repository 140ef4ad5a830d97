namespace CrmSync.Testing.Processes;

/// <summary>A resource that could not start, exited, or never became healthy; the message says which and shows its last output.</summary>
public sealed class ResourceFailedException(string resource, string reason, IReadOnlyList<string> lastLines)
    : Exception(Format(reason, lastLines))
{
    public string Resource { get; } = resource;

    public IReadOnlyList<string> LastLines { get; } = lastLines;

    private static string Format(string reason, IReadOnlyList<string> lastLines) =>
        lastLines.Count == 0
            ? reason
            : $"{reason} Its last output:{Environment.NewLine}    {string.Join(Environment.NewLine + "    ", lastLines)}";
}
