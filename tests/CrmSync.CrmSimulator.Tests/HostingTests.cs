using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CrmSync.CrmSimulator.Tests;

public sealed partial class HostingTests
{
    [Fact]
    public async Task TheConfiguredDelayHoldsBackEveryPage()
    {
        await using var simulator = await TestSimulator.StartAsync(("PageDelayMs", "300"));

        var elapsed = Stopwatch.StartNew();
        using var response = await simulator.GetAsync("api/offset/accounts?limit=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(elapsed.Elapsed >= TimeSpan.FromMilliseconds(290), $"the page came after {elapsed.Elapsed}");
    }

    [Fact]
    public async Task RunsStandaloneWithSettingsFromTheCommandLineAndTheEnvironment()
    {
        Assert.Equal("http://127.0.0.1:5095", SimulatorExtensions.DefaultUrl);
        using var process = Start(["--urls", "http://127.0.0.1:0", "--Simulator:Accounts=7"], ("Simulator__Contacts", "3"));
        try
        {
            var address = await ListeningAddressAsync(process);
            using var client = new HttpClient { BaseAddress = address };

            var accounts = JsonNode.Parse(await client.GetStringAsync("api/offset/accounts"))!;
            var contacts = JsonNode.Parse(await client.GetStringAsync("api/offset/contacts"))!;

            Assert.Equal(7, (int)accounts["total"]!);
            Assert.Equal(3, (int)contacts["total"]!);
            Assert.Equal("127.0.0.1", address.Host);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task StandaloneItRefusesABadSettingInOneSentenceAndExits1()
    {
        using var process = Start(["--urls", "http://127.0.0.1:0", "--Simulator:OrphanContactPercent=150"]);
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Simulator:OrphanContactPercent must be between 0 and 100.", error);
    }

    private static Process Start(string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CrmSync.CrmSimulator.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>Port 0 lets the OS choose, so the test reads the port from the host's start-up line.</summary>
    private static async Task<Uri> ListeningAddressAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value.TrimEnd('/') + "/");
            }
        }

        throw new InvalidOperationException($"The simulator exited ({process.ExitCode}) before it listened: {await process.StandardError.ReadToEndAsync()}");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
