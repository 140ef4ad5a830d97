using System.Collections.Concurrent;

namespace CrmSync.Bench.Scenarios.Fuzz;

/// <summary>How many requests of a kind and category got a status (0: no answer).</summary>
public readonly record struct FuzzAnswer(string Kind, string Category, bool Refused, int Status);

/// <summary>Every answer of the run, counted; the first request of each sort that went wrong; a record each source accepted.</summary>
public sealed class FuzzLedger
{
    private static readonly int[] Columns = [400, 401, 404, 405, 413];

    private readonly ConcurrentDictionary<FuzzAnswer, long> _counts = new();
    private readonly ConcurrentDictionary<(string Source, string Entity), string> _accepted = new();
    private readonly ConcurrentDictionary<string, long> _unusual = new();
    private readonly ConcurrentDictionary<string, string> _serverErrors = new();
    private string? _firstAcceptedRefusal;

    public long ServerErrors => Count(_ => true, IsServerError);

    /// <summary>The first 5xx of each kind and category, with the answer's body.</summary>
    public IEnumerable<string> ServerErrorExamples => _serverErrors.OrderBy(error => error.Key).Select(error => error.Value);

    public string? FirstAcceptedRefusal => _firstAcceptedRefusal;

    /// <summary>One record per source and entity that a valid request changed and the gateway acknowledged.</summary>
    public IReadOnlyDictionary<(string Source, string Entity), string> Accepted => _accepted;

    public void Add(FuzzRequest request, int status, string? failure)
    {
        _counts.AddOrUpdate(new FuzzAnswer(request.Source.Kind, request.Category, request.Refused, status), 1, (_, n) => n + 1);
        var acknowledged = status is >= 200 and < 300;
        if (IsServerError(status))
        {
            _serverErrors.TryAdd($"{request.Source.Kind} {request.Category}", $"{Describe(request)} answered {(status == 0 ? "nothing" : status)}: {failure}");
        }
        else if (request.Refused && status != request.Usual)
        {
            _unusual.AddOrUpdate(request.Category, 1, (_, n) => n + 1);
        }

        if (acknowledged && request.Refused)
        {
            Interlocked.CompareExchange(ref _firstAcceptedRefusal, $"{Describe(request)} answered {status}", null);
        }
        else if (acknowledged && request is { Category: FuzzMix.Valid, Record: { } record })
        {
            _accepted.TryAdd((request.Source.Source, record.Entity), record.Id);
        }
    }

    public long Count(Func<FuzzAnswer, bool> which, Func<int, bool>? status = null) =>
        _counts.Where(count => which(count.Key) && (status?.Invoke(count.Key.Status) ?? true)).Sum(count => count.Value);

    /// <summary>The answers by source kind and by category, as two tables.</summary>
    public void Report(ScenarioResult result, IReadOnlyList<FuzzSource> sources)
    {
        string[] statuses = ["2xx", .. Columns.Select(status => $"{status}"), "other 4xx", "5xx", "no answer"];
        var byKind = result.AddTable("Answers by source kind", ["kind", "requests", "valid", "damaged, signed right", "must be refused", .. statuses]);
        foreach (var kind in sources.Select(source => source.Kind))
        {
            byKind.Add([kind, Count(a => a.Kind == kind), Count(a => a.Kind == kind && a.Category == FuzzMix.Valid),
                Count(a => a.Kind == kind && !a.Refused && a.Category != FuzzMix.Valid), Count(a => a.Kind == kind && a.Refused), .. Row(a => a.Kind == kind)]);
        }

        byKind.Add(["all", Count(_ => true), Count(a => a.Category == FuzzMix.Valid), Count(a => !a.Refused && a.Category != FuzzMix.Valid), Count(a => a.Refused), .. Row(_ => true)]);
        var byCategory = result.AddTable("Answers by category (every kind together)", ["category", "must be refused", "requests", .. statuses, "refused, not with the usual status"]);
        foreach (var category in FuzzMix.AllCategories)
        {
            var refused = FuzzMix.MustBeRefused(category);
            byCategory.Add([category, refused ? "yes" : "no", Count(a => a.Category == category), .. Row(a => a.Category == category), refused ? _unusual.GetValueOrDefault(category) : "—"]);
        }
    }

    private object[] Row(Func<FuzzAnswer, bool> which) =>
    [
        Count(which, status => status is >= 200 and < 300),
        .. Columns.Select(column => (object)Count(which, status => status == column)),
        Count(which, status => status is >= 400 and < 500 && !Columns.Contains(status)),
        Count(which, status => status >= 500),
        Count(which, status => status == 0),
    ];

    private static bool IsServerError(int status) => status is 0 or >= 500;

    /// <summary>Without the query, where a Dynamics 365 key is.</summary>
    private static string Describe(FuzzRequest request) =>
        $"{request.Source.Kind} '{request.Category}' {request.Request.Method} /{request.Request.Path.Split('?')[0]} ({request.Request.Body.Length:N0} bytes)";
}
