using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.Hosting;

public static class StartupErrors
{
    /// <summary>
    /// Runs the app. A failure to start (a start-up check, invalid configuration) ends the process with
    /// its one-sentence message and exit code 1, instead of an unhandled-exception abort whose trace,
    /// from disposing a half-started host, hides the cause.
    /// </summary>
    public static int RunOrExit(this WebApplication app)
    {
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"{app.Environment.ApplicationName} did not start: {ex.Message}");
            return 1;
        }

        app.WaitForShutdown();
        return 0;
    }
}
