namespace CrmSync.AppHost;

/// <summary>What the command line asked for.</summary>
public enum AppHostAction
{
    Run,
    PublishManifest,
    ShowHelp,
    Invalid,
}

/// <param name="Error">Why the command line is <see cref="AppHostAction.Invalid"/>, in one sentence.</param>
public sealed record AppHostCommand(AppHostAction Action, AppHostOptions Options, string? Error = null);
