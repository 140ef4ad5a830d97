using CrmSync.AppHost;
using CrmSync.AppHost.Manifest;

var environment = EnvironmentVariables.Current();
var command = AppHostCommandLine.Parse(args, environment);

switch (command.Action)
{
    case AppHostAction.ShowHelp:
        Console.WriteLine(AppHostCommandLine.Usage);
        return 0;

    case AppHostAction.Invalid:
        Console.Error.WriteLine(command.Error);
        Console.Error.WriteLine();
        Console.Error.WriteLine(AppHostCommandLine.Usage);
        return 2;

    case AppHostAction.PublishManifest:
        ManifestPublisher.Publish(command.Options.ManifestPath);
        Console.WriteLine($"Wrote the Aspire manifest to {command.Options.ManifestPath}.");
        return 0;

    default:
        using (var shutdown = ShutdownSignal.Listen())
        {
            return await AppHostRunner.RunAsync(command.Options, environment, shutdown);
        }
}
