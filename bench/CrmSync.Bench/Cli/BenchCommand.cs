using CrmSync.Bench.Bare;

namespace CrmSync.Bench.Cli;

/// <summary>Runs the scenarios the command line names: each against a system of its own (or the running one), each printed and written as JSON.</summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [BareServer.Command, "--port", var portText] && int.TryParse(portText, out var port))
        {
            return await BareServer.RunAsync(port);
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args, ScenarioCatalog.Names);
        }
        catch (BenchUsageException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var failed = false;
        foreach (var scenario in ScenarioCatalog.All.Where(scenario => options.Scenario == BenchOptions.All || scenario.Name == options.Scenario))
        {
            try
            {
                await RunScenarioAsync(options, scenario, cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("Stopped.");
                return 130;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"The {scenario.Name} scenario could not run: {e.Message}");
                if (options.Verbose)
                {
                    Console.Error.WriteLine(e);
                }

                failed = true;
            }
        }

        return failed ? 1 : 0;
    }

    private static async Task RunScenarioAsync(BenchOptions options, IScenario scenario, CancellationToken cancellationToken)
    {
        void Progress(string line) => Console.Error.WriteLine($"{scenario.Name,-9} | {line}");

        var machine = MachineInfo.Current();
        var clock = Stopwatch.StartNew();
        var silos = scenario.SilosOnRedis > 0 ? $"{scenario.SilosOnRedis} silos on Redis" : "the silo";
        Progress(options.Target is null ? $"starting the Dataverse emulator, {silos} and the gateway" : $"driving the running system at {options.Target}");
        await using var system = options.Target is null
            ? await SystemUnderTest.StartAsync(scenario, options.Quick, options.Verbose)
            : SystemUnderTest.Running(options);
        using var load = new LoadClient();
        var result = new ScenarioResult(scenario.Name, scenario.Title, options.Quick, machine, system.Description);
        try
        {
            await scenario.RunAsync(new BenchRun(system, load, options.Quick, Progress) { Minutes = options.Minutes }, result, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && system.RecentOutput() is { Length: > 0 } output)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{output}", e);
        }

        result.DurationSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(ResultOutput.ToMarkdown(result));
        var path = options.OutPathFor(scenario.Name);
        await ResultOutput.WriteJsonAsync(result, path);
        Progress($"wrote {path}");
    }
}
