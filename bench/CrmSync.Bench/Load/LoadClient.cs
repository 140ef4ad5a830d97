namespace CrmSync.Bench.Load;

/// <summary>
/// The one load generator every scenario uses: prepared requests over pooled keep-alive loopback connections, in a
/// closed loop (a fixed number of senders, each sending again as soon as it is answered) or an open loop (requests at
/// a fixed rate, whatever the answers do). It reads every answer whole, so connections are reused.
/// </summary>
public sealed class LoadClient(int maxConnections = 1024) : IDisposable
{
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler
    {
        // No proxy: an http_proxy variable must not route loopback requests elsewhere.
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>How long one request may wait for its answer before it counts as an error.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <paramref name="concurrency"/> senders take the requests in order, each sending the next as soon as its previous
    /// one is answered, until <paramref name="duration"/> has passed (when given) or the requests run out; with
    /// <paramref name="cycle"/>, they start again from the first. Latency counts from the send. <paramref name="answered"/>
    /// hears each request's index, status (0 when it got no answer) and, unless it was a 2xx, the answer's body or the error.
    /// </summary>
    public async Task<LoadReport> ClosedLoopAsync(
        Uri baseUrl,
        IReadOnlyList<PreparedRequest> requests,
        int concurrency,
        TimeSpan? duration = null,
        bool cycle = false,
        CancellationToken cancellationToken = default,
        Action<int, int, string?>? answered = null)
    {
        var tally = new Tally();
        var next = -1L;
        var started = Stopwatch.GetTimestamp();
        var stopAt = duration is { } limit ? started + (long)(limit.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var recorder = tally.NewRecorder();
            while (Stopwatch.GetTimestamp() < stopAt && !cancellationToken.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= requests.Count && !cycle)
                {
                    break;
                }

                var answer = await SendAsync(baseUrl, requests[(int)(index % requests.Count)], Stopwatch.GetTimestamp(), recorder, cancellationToken);
                answered?.Invoke((int)(index % requests.Count), answer.Status, answer.Failure);
            }
        }, cancellationToken));
        await Task.WhenAll(senders);
        return tally.Report(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Request i is due <c>i / perSecond</c> seconds after the start and is sent then, whether or not the earlier ones
    /// have been answered; its latency counts from when it was due, so a server that falls behind cannot hide its queue
    /// (no coordinated omission). <paramref name="due"/> hears each request's index and due time (a Stopwatch timestamp).
    /// </summary>
    public async Task<LoadReport> OpenLoopAsync(
        Uri baseUrl,
        IReadOnlyList<PreparedRequest> requests,
        double perSecond,
        Action<int, long>? due = null,
        CancellationToken cancellationToken = default)
    {
        var tally = new Tally();
        var recorder = tally.NewRecorder();
        var sends = new List<Task>(requests.Count);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < requests.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var dueAt = started + (long)(i * Stopwatch.Frequency / perSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), dueAt);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            due?.Invoke(i, dueAt);
            sends.Add(SendAsync(baseUrl, requests[i], dueAt, recorder, cancellationToken));
        }

        await Task.WhenAll(sends);
        return tally.Report(Stopwatch.GetElapsedTime(started));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Sends one request and reads its answer whole: the status (0 when nobody answered), the Retry-After it asked for,
    /// the body of an answer other than 2xx, and the time from the send to the end of the answer.
    /// </summary>
    public async Task<Answer> SendOnceAsync(Uri baseUrl, PreparedRequest prepared, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(prepared.Method, new Uri(baseUrl, prepared.Path)) { Content = new ByteArrayContent(prepared.Body) };
            if (prepared.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            foreach (var (name, value) in prepared.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            using var response = await _http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            var retryAfter = response.Headers.RetryAfter?.Delta;
            if (status is >= 200 and < 300)
            {
                await response.Content.CopyToAsync(Stream.Null, timeout.Token);
                return new Answer(status, retryAfter, null, Stopwatch.GetElapsedTime(started));
            }

            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new Answer(status, retryAfter, $"{prepared.Method} {prepared.Path} answered {status}: {body}", Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Answer(0, null, $"{prepared.Method} {prepared.Path}: {e.Message}", Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<Answer> SendAsync(Uri baseUrl, PreparedRequest prepared, long from, Recorder recorder, CancellationToken cancellationToken)
    {
        var answer = await SendOnceAsync(baseUrl, prepared, cancellationToken);
        if (answer.Succeeded)
        {
            recorder.Answered(answer.Status, Stopwatch.GetElapsedTime(from));
        }
        else if (answer.Status != 0)
        {
            recorder.Failed(answer.Status, answer.Failure!);
        }
        else
        {
            recorder.Error(answer.Failure!);
        }

        return answer;
    }

    /// <summary>One sender's counts and latencies; locked, because an open loop's sends all share one.</summary>
    private sealed class Recorder
    {
        private readonly List<double> _latencies = new(4096);
        private readonly Dictionary<int, long> _statuses = [];
        private readonly Lock _gate = new();

        public long Errors { get; private set; }

        public string? FirstFailure { get; private set; }

        public void Answered(int status, TimeSpan latency)
        {
            lock (_gate)
            {
                _latencies.Add(latency.TotalMilliseconds);
                _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            }
        }

        public void Failed(int status, string failure)
        {
            lock (_gate)
            {
                _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
                FirstFailure ??= failure;
            }
        }

        public void Error(string failure)
        {
            lock (_gate)
            {
                Errors++;
                FirstFailure ??= failure;
            }
        }

        public (List<double> Latencies, Dictionary<int, long> Statuses) Read()
        {
            lock (_gate)
            {
                return (_latencies, _statuses);
            }
        }
    }

    private sealed class Tally
    {
        private readonly List<Recorder> _recorders = [];

        public Recorder NewRecorder()
        {
            var recorder = new Recorder();
            lock (_recorders)
            {
                _recorders.Add(recorder);
            }

            return recorder;
        }

        public LoadReport Report(TimeSpan elapsed)
        {
            var read = _recorders.Select(recorder => recorder.Read()).ToList();
            var statuses = read.SelectMany(r => r.Statuses).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
            return new LoadReport(
                statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value),
                statuses.Where(s => s.Key is < 200 or >= 300).Sum(s => s.Value),
                _recorders.Sum(recorder => recorder.Errors),
                elapsed,
                LatencySummary.Of([.. read.SelectMany(r => r.Latencies)]),
                statuses,
                _recorders.Select(recorder => recorder.FirstFailure).FirstOrDefault(failure => failure is not null));
        }
    }
}

/// <summary>One request's answer, as <see cref="LoadClient.SendOnceAsync"/> read it.</summary>
/// <param name="Status">The HTTP status, or 0 when nobody answered (refused, reset, timed out).</param>
/// <param name="Failure">What went wrong, for an answer other than 2xx.</param>
public sealed record Answer(int Status, TimeSpan? RetryAfter, string? Failure, TimeSpan Latency)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
