using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CrmSync.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using AspireExecutable = Aspire.Hosting.ApplicationModel.ExecutableResource;

namespace CrmSync.Testing.Processes;

/// <summary>
/// The harness's resources as an Aspire application: Aspire's orchestrator (DCP) starts each process, watches it, stops
/// it, starts it again and stops them all at the end. Each resource starts explicitly, with Aspire's start command, once
/// the one before it answers its health URL, as the harness has always started them; not through <c>WaitFor</c>, which
/// would hold a restarted silo until a killed one came back. Fault tests kill a process by the id Aspire reports, as a
/// crash would, and bring it back with the same start command.
/// </summary>
public sealed class AspireResources : IAsyncDisposable
{
    private const int RecentLineCount = 40;

    /// <summary>The snapshot property with an executable's process id (Aspire's KnownProperties.Executable.Pid, internal).</summary>
    private const string ExecutablePid = "executable.pid";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    // No proxy: an http_proxy variable must not route loopback health probes elsewhere.
    private static readonly HttpClient HealthClient = new(new SocketsHttpHandler { UseProxy = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly DistributedApplication _app;
    private readonly IReadOnlyList<ResourceSpec> _specs;
    private readonly Action<ResourceLogLine> _log;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _recentLines = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _logPumps = [];

    private AspireResources(DistributedApplication app, IReadOnlyList<ResourceSpec> specs, Action<ResourceLogLine> log)
    {
        _app = app;
        _specs = specs;
        _log = log;
    }

    /// <summary>The resources, in start order.</summary>
    public IReadOnlyList<string> Names => [.. _specs.Select(spec => spec.Name)];

    /// <summary>Builds the application and starts it; returns once every resource is healthy, or throws with the output of the one that failed.</summary>
    public static async Task<AspireResources> StartAsync(
        IReadOnlyList<ResourceSpec> specs, Action<ResourceLogLine> log, TimeSpan healthTimeout, CancellationToken cancellationToken = default)
    {
        foreach (var spec in specs)
        {
            PortCheck.EnsureFree(spec);
        }

        // This assembly carries the path of Aspire's orchestrator (DCP), as the AppHost's SDK resolved it (see the csproj).
        var builder = DistributedApplicationTestingBuilder.Create([], (options, _) => options.DisableDashboard = true);
        // Aspire's own information lines would bury the resources' output in a test's log.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        foreach (var spec in specs)
        {
            builder.AddResource(spec);
        }

        var app = builder.Build();
        var resources = new AspireResources(app, specs, log);
        try
        {
            foreach (var spec in specs)
            {
                resources._logPumps.Add(resources.PumpLogsAsync(spec.Name));
            }

            await app.StartAsync(cancellationToken);
            foreach (var spec in specs)
            {
                await resources.StartOneAsync(spec, previousProcess: null, healthTimeout, cancellationToken);
            }

            return resources;
        }
        catch
        {
            await resources.DisposeAsync();
            throw;
        }
    }

    /// <summary>The id of the resource's process now (a restarted resource has a new one).</summary>
    public int ProcessId(string name) =>
        ProcessIdOf(Current(name)) ?? throw new InvalidOperationException($"Resource '{name}' has no process: it is {Current(name).Snapshot.State?.Text ?? "not started"}.");

    public bool HasExited(string name) => IsEnded(Current(name));

    /// <summary>The last lines the resource wrote, standard output and error together, for error messages.</summary>
    public IReadOnlyList<string> RecentOutput(string name) => _recentLines.TryGetValue(name, out var lines) ? [.. lines] : [];

    /// <summary>SIGKILL: the process dies at once, with no chance to shut down, as in a crash; returns once Aspire has seen it end.</summary>
    public async Task KillAsync(string name)
    {
        if (Current(name) is var state && !IsEnded(state) && ProcessIdOf(state) is { } pid)
        {
            Report($"killing {name} (pid {pid})");
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        await WaitUntilEndedAsync(name);
    }

    /// <summary>Aspire's stop command: SIGTERM, and the resource shuts down gracefully.</summary>
    public async Task StopAsync(string name)
    {
        if (!HasExited(name))
        {
            Report($"stopping {name}");
            await ExecuteAsync(name, KnownResourceCommands.StopCommand);
        }

        await WaitUntilEndedAsync(name);
    }

    /// <summary>Stops the resource if it runs, starts it again with Aspire's start command and waits for its health.</summary>
    public async Task RestartAsync(string name, TimeSpan healthTimeout)
    {
        var previous = ProcessIdOf(Current(name));
        await StopAsync(name);
        await StartOneAsync(Spec(name), previous, healthTimeout, CancellationToken.None);
    }

    /// <summary>
    /// Stops the application: Aspire stops every resource at once. The first resource (Redis in cluster mode, else the
    /// emulator) is stopped last, once the others have gone, so that silos leave the cluster through it rather than wait for it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_specs.Skip(1).Where(IsRunning).Select(spec => StopAsync(spec.Name)));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            Report($"stopping the resources failed ({e.Message}); Aspire stops what is left");
        }
        finally
        {
            await _app.StopAsync();
            await _stopping.CancelAsync();
            await Task.WhenAll(_logPumps);
            await _app.DisposeAsync();
            _stopping.Dispose();
        }
    }

    private bool IsRunning(ResourceSpec spec) =>
        _app.ResourceNotifications.TryGetCurrentState(spec.Name, out var state) && ProcessIdOf(state) is not null && !IsEnded(state);

    private ResourceSpec Spec(string name) =>
        _specs.FirstOrDefault(spec => spec.Name == name)
        ?? throw new ArgumentException($"No resource named '{name}' was started; the resources are {string.Join(", ", Names)}.", nameof(name));

    private ResourceEvent Current(string name) =>
        _app.ResourceNotifications.TryGetCurrentState(Spec(name).Name, out var state)
            ? state
            : throw new InvalidOperationException($"Aspire reports no state for resource '{name}'.");

    private async Task ExecuteAsync(string name, string command)
    {
        var resource = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == name);
        var result = await _app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Aspire's {command} of '{name}' failed: {result.Message}");
        }
    }

    private async Task WaitUntilEndedAsync(string name)
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _app.ResourceNotifications.WaitForResourceAsync(name, IsEnded, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Resource '{name}' had not ended {StopTimeout.TotalSeconds:0} s after it was stopped.");
        }
    }

    /// <summary>
    /// Asks Aspire to start the resource, waits for a process other than <paramref name="previousProcess"/>, then until its
    /// health URL answers; fails at once, with its last output, if it ends first.
    /// </summary>
    private async Task StartOneAsync(ResourceSpec spec, int? previousProcess, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Report($"starting {spec.Name}");
        await ExecuteAsync(spec.Name, KnownResourceCommands.StartCommand);
        try
        {
            // The new process, running or already ended. Not the state the stop left (Finished, with no process or
            // the previous one), which Aspire still reports for a moment after the start command.
            var state = await _app.ResourceNotifications.WaitForResourceAsync(
                spec.Name,
                e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart || ProcessIdOf(e) is { } pid && pid != previousProcess,
                deadline.Token);
            var lastAnswer = "no answer";
            while (!IsEnded(state))
            {
                var health = spec.HealthUrl is { } url ? await ProbeAsync(url, deadline.Token) : HealthCheckResult.Healthy();
                if (health.Status == HealthStatus.Healthy)
                {
                    Report($"{spec.Name} is healthy (pid {ProcessIdOf(state)}) after {started.Elapsed.TotalSeconds:0.0} s");
                    return;
                }

                lastAnswer = health.Description ?? lastAnswer;
                await Task.Delay(PollInterval, deadline.Token);
                state = Current(spec.Name);
            }

            throw Failed(spec.Name, $"Resource '{spec.Name}' ended ({state.Snapshot.State?.Text}, exit code {state.Snapshot.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}) before answering {spec.HealthUrl} (last: {lastAnswer}).");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Failed(spec.Name, $"Resource '{spec.Name}' did not answer {spec.HealthUrl} within {timeout.TotalSeconds:0.#} s (Aspire reports it {Current(spec.Name).Snapshot.State?.Text}).");
        }
    }

    private ResourceFailedException Failed(string name, string reason) => new(name, reason, RecentOutput(name));

    private async Task PumpLogsAsync(string name)
    {
        var recent = _recentLines.GetOrAdd(name, _ => new ConcurrentQueue<string>());
        try
        {
            await foreach (var batch in _app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(name).WithCancellation(_stopping.Token))
            {
                foreach (var line in batch)
                {
                    recent.Enqueue(line.Content);
                    while (recent.Count > RecentLineCount)
                    {
                        recent.TryDequeue(out _);
                    }

                    Log(new ResourceLogLine(name, line.Content, line.IsErrorMessage));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The application is stopping.
        }
    }

    private void Report(string text) => Log(new ResourceLogLine(ResourceLogLine.AppHost, text));

    private void Log(ResourceLogLine line)
    {
        try
        {
            _log(line);
        }
        catch (Exception)
        {
            // A sink that fails (a test's output helper after the test ended) must not stop the log.
        }
    }

    private static int? ProcessIdOf(ResourceEvent state) =>
        state.Snapshot.Properties.FirstOrDefault(property => property.Name == ExecutablePid)?.Value switch
        {
            // Zero until DCP has started the process.
            int pid and > 0 => pid,
            long pid and > 0 => (int)pid,
            string text when int.TryParse(text, CultureInfo.InvariantCulture, out var pid) && pid > 0 => pid,
            _ => null,
        };

    private static bool IsEnded(ResourceEvent state) => state.Snapshot.State?.Text is { } text && KnownResourceStates.TerminalStates.Contains(text);

    /// <summary>Probes a resource's health URL: 200 from <c>http://…/health</c>, or PONG from <c>redis://</c>.</summary>
    private static async Task<HealthCheckResult> ProbeAsync(Uri url, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ProbeTimeout);
        try
        {
            if (url.Scheme == RedisPing.Scheme)
            {
                return await RedisPing.ProbeAsync(url.Host, url.Port, attempt.Token) is { } problem
                    ? HealthCheckResult.Unhealthy(problem)
                    : HealthCheckResult.Healthy();
            }

            using var response = await HealthClient.GetAsync(url, attempt.Token);
            return response.StatusCode == HttpStatusCode.OK
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no answer within {ProbeTimeout.TotalSeconds:0} s");
        }
    }
}

internal static class AspireResourceBuilderExtensions
{
    /// <summary>The spec as an executable resource, started only when asked (<see cref="AspireResources"/> starts each in turn).</summary>
    public static IResourceBuilder<AspireExecutable> AddResource(this IDistributedApplicationTestingBuilder builder, ResourceSpec spec) =>
        builder.AddExecutable(spec.Name, spec.FileName, spec.WorkingDirectory, [.. spec.Arguments])
            .WithEnvironment(context =>
            {
                foreach (var (name, value) in spec.Environment)
                {
                    context.EnvironmentVariables[name] = value;
                }
            })
            .WithExplicitStart();
}
