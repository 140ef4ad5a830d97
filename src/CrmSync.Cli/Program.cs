using CrmSync.Cli;

using var interrupt = ConsoleInterrupt.Listen();
return await CrmSyncCli.RunAsync(args, Console.Out, Console.Error, CliSettings.ForConsole(), interrupt.Token);
