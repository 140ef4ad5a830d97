using CrmSync.Bench.Cli;

return await BenchCommand.RunAsync(args);
