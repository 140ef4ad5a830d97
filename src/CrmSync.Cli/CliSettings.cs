namespace CrmSync.Cli;

/// <summary>What crmsync takes from its surroundings, so that tests run it in-process with their own.</summary>
public sealed record CliSettings
{
    /// <summary>Reads an environment variable (CRMSYNC_GATEWAY, CRMSYNC_API_KEY); null when unset.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>A terminal redraws the progress line in place; redirected output gets a line every <see cref="ProgressLineInterval"/>.</summary>
    public bool OutputIsTerminal { get; init; }

    public int TerminalWidth { get; init; } = 80;

    /// <summary>How often <c>sync start --follow</c> asks the gateway for the job's progress.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long <c>sync start --follow</c> keeps asking a gateway that is unreachable or unavailable (restarting, say) before it gives up.</summary>
    public TimeSpan FollowPatience { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan ProgressLineInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static CliSettings ForConsole() => new()
    {
        OutputIsTerminal = !Console.IsOutputRedirected,
        TerminalWidth = ConsoleWidth(),
    };

    private static int ConsoleWidth()
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth < 20 ? 80 : Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
