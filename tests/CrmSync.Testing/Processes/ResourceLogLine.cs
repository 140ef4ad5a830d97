namespace CrmSync.Testing.Processes;

/// <summary>One line a resource wrote to its standard output or, when <paramref name="IsError"/>, its standard error.</summary>
public readonly record struct ResourceLogLine(string Resource, string Text, bool IsError = false)
{
    /// <summary>The name the orchestrator's own lines carry.</summary>
    public const string AppHost = "apphost";
}
