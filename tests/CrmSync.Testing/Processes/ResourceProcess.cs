using CrmSync.Hosting;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Net;
using System.Text;

namespace CrmSync.Testing.Processes;

/// <summary>One running resource: its process, its output, its health and its shutdown.</summary>
public sealed class ResourceProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    private const int RecentLineCount = 40;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    // No proxy: an http_proxy variable must not route loopback health probes elsewhere.
    private static readonly HttpClient HealthClient = new(new SocketsHttpHandler { UseProxy = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly Process _process;
    private readonly Action<ResourceLogLine> _log;
    private readonly ConcurrentQueue<string> _recentLines = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ResourceProcess(ResourceSpec spec, Process process, Action<ResourceLogLine> log)
    {
        Spec = spec;
        _process = process;
        _log = log;
    }

    public ResourceSpec Spec { get; }

    public string Name => Spec.Name;

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output has been read.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The last lines the process wrote, standard output and error together, for error messages.</summary>
    public IReadOnlyList<string> RecentOutput => [.. _recentLines];

    public static ResourceProcess Start(ResourceSpec spec, Action<ResourceLogLine>? log = null)
    {
        var process = new Process { StartInfo = StartInfo(spec), EnableRaisingEvents = true };
        var resource = new ResourceProcess(spec, process, log ?? (_ => { }));
        process.OutputDataReceived += (_, e) => resource.OnOutput(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => resource.OnOutput(e.Data, isError: true);
        process.Exited += (_, _) => _ = resource.OnExitedAsync();

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new ResourceFailedException(spec.Name, $"Resource '{spec.Name}' could not start {spec.FileName}: {e.Message}.", []);
        }

        ChildProcessGuard.Track(process);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return resource;
    }

    /// <summary>Waits until <see cref="ResourceSpec.HealthUrl"/> answers 200; fails if the process exits first or time runs out.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (Spec.HealthUrl is not { } url)
        {
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var lastAnswer = "no answer";
        while (true)
        {
            if (HasExited)
            {
                throw Failed($"Resource '{Name}' exited with code {await Exited} before answering GET {url} with 200.");
            }

            if (await ProbeAsync(url, deadline.Token) is not { } answer)
            {
                return;
            }

            if (!deadline.IsCancellationRequested)
            {
                lastAnswer = answer;
            }

            await Task.WhenAny(Exited, Task.Delay(PollInterval, deadline.Token));
            if (deadline.IsCancellationRequested && !HasExited)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw Failed($"Resource '{Name}' did not answer GET {url} with 200 within {timeout.TotalSeconds:0.#} s (last: {lastAnswer}).");
            }
        }
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM) and waits up to <paramref name="timeout"/>; then, or as soon as
    /// <paramref name="kill"/> fires, kills it and its children.
    /// </summary>
    public async Task StopAsync(TimeSpan? timeout = null, CancellationToken kill = default)
    {
        var patience = timeout ?? DefaultStopTimeout;
        if (!_process.HasExited && UnixSignals.TryTerminate(_process))
        {
            try
            {
                await Exited.WaitAsync(patience, kill);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                Log(ResourceLogLine.AppHost, kill.IsCancellationRequested
                    ? $"killing {Name}"
                    : $"{Name} did not stop within {patience.TotalSeconds:0.#} s; killing it", isError: true);
            }
        }

        if (!HasExited)
        {
            ChildProcessGuard.Kill(_process);
        }

        await Exited;
    }

    /// <summary>Kills the process and its children at once (SIGKILL), with no chance to shut down, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            Log(ResourceLogLine.AppHost, $"killing {Name}", isError: false);
            ChildProcessGuard.Kill(_process);
        }

        await Exited;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(ResourceSpec spec)
    {
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private static async Task<string?> ProbeAsync(Uri url, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ProbeTimeout);
        try
        {
            if (url.Scheme == RedisPing.Scheme)
            {
                return await RedisPing.ProbeAsync(url.Host, url.Port, attempt.Token);
            }

            using var response = await HealthClient.GetAsync(url, attempt.Token);
            return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {ProbeTimeout.TotalSeconds:0} s";
        }
    }

    private void OnOutput(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        _recentLines.Enqueue(line);
        while (_recentLines.Count > RecentLineCount)
        {
            _recentLines.TryDequeue(out _);
        }

        Log(Name, line, isError);
    }

    private void Log(string resource, string text, bool isError)
    {
        try
        {
            _log(new ResourceLogLine(resource, text, isError));
        }
        catch (Exception)
        {
            // A sink that fails (a test's output helper after the test ended) must not crash the host process.
        }
    }

    private async Task OnExitedAsync()
    {
        // Exited can be raised before the last output lines are read; they belong in any error message.
        using var drain = new CancellationTokenSource(OutputDrainTimeout);
        try
        {
            await _process.WaitForExitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            // A grandchild still holds the pipes open; the process itself has exited.
        }

        ChildProcessGuard.Forget(_process);
        _exited.TrySetResult(_process.ExitCode);
    }

    private ResourceFailedException Failed(string reason) => new(Name, reason, RecentOutput);
}
