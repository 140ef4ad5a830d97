namespace CrmSync.AppHost;

/// <summary>
/// Starts the resources in order, then keeps them running until a shutdown signal; a resource that exits meanwhile is
/// started again when <see cref="AppHostOptions.RestartsOnFailure"/>, otherwise it stops the others.
/// </summary>
public static class AppHostRunner
{
    public static async Task<int> RunAsync(AppHostOptions options, IReadOnlyDictionary<string, string> environment, ShutdownSignal shutdown)
    {
        var console = ConsoleLogSink.ForConsole();
        var orchestrator = new ResourceOrchestrator(console.Write) { HealthTimeout = options.HealthTimeout };
        try
        {
            // SQLite creates database files but not their directory.
            Directory.CreateDirectory(options.DataDirectory);
            var secret = WebhookSecret.Resolve(options.DataDirectory, environment);
            var resources = CrmSyncResources.Define(options, secret.Value);
            foreach (var resource in resources)
            {
                resource.EnsureBuilt();
            }

            await orchestrator.StartAsync(resources.ToSpecs(options.EnvironmentName, environment), shutdown.Stopping);
            StartupSummary.Write(Console.Out, options, secret);

            if (options.RestartsOnFailure)
            {
                var supervisor = new ResourceSupervisor(orchestrator, console.Write);
                if (await supervisor.RunAsync(shutdown.Stopping) is { } failing)
                {
                    Fail(console, $"Resource '{failing.Name}' kept exiting; stopping the others.");
                    return 1;
                }

                return 0;
            }

            var exited = await orchestrator.WhenAnyExitsAsync(shutdown.Stopping);
            if (exited is not null && !shutdown.Stopping.IsCancellationRequested)
            {
                Fail(console, $"Resource '{exited.Name}' exited with code {await exited.Exited}; stopping the others.");
                return 1;
            }

            return 0;
        }
        catch (Exception e) when ((e is OperationCanceledException or ResourceFailedException) && shutdown.Stopping.IsCancellationRequested)
        {
            // Stopped while starting. A terminal's Ctrl+C reaches the resources too (they share its process group),
            // so one may exit before its health check: that is the stop asked for, not a failure.
            return 0;
        }
        catch (Exception e) when (e is ResourceFailedException or AppHostException)
        {
            Fail(console, e.Message);
            return 1;
        }
        finally
        {
            await orchestrator.StopAsync(shutdown.Killing);
            await orchestrator.DisposeAsync();
        }
    }

    private static void Fail(ConsoleLogSink console, string message) =>
        console.Write(new ResourceLogLine(ResourceLogLine.AppHost, message, IsError: true));
}
