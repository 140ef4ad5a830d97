using System.Collections.Concurrent;

namespace CrmSync.Grains.Tests;

/// <summary>
/// A stand-in for a CRM's "changed since" query: answers the pages a test queues, in order (then empty pages that keep
/// the watermark), and records every query, so a test sees which watermark and cursor each round asked with. Shared
/// by every silo of one test cluster, as <see cref="InMemorySource"/> is.
/// </summary>
public sealed class InMemoryChangeFeed : ISourceChangeFeed
{
    private static readonly ConcurrentDictionary<string, InMemoryChangeFeed> ByCluster = new();

    private readonly ConcurrentQueue<Func<ChangePage>> _answers = new();
    private volatile Exception? _failure;

    public static InMemoryChangeFeed For(string cluster) => ByCluster.GetOrAdd(cluster, _ => new InMemoryChangeFeed());

    public static void Forget(string cluster) => ByCluster.TryRemove(cluster, out _);

    public ConcurrentQueue<ChangeQuery> Queries { get; } = new();

    public void Answer(params ChangePage[] pages)
    {
        foreach (var page in pages)
        {
            _answers.Enqueue(() => page);
        }
    }

    /// <summary>The next read in turn throws <paramref name="error"/>, as a page that fails halfway through a round.</summary>
    public void AnswerFailure(Exception error) => _answers.Enqueue(() => throw error);

    /// <summary>Reads throw <paramref name="error"/> until <see cref="StopFailing"/>.</summary>
    public void Fail(Exception error) => _failure = error;

    public void StopFailing() => _failure = null;

    public bool CanPoll(string source, string entity) => true;

    public Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        Queries.Enqueue(query);
        if (_failure is { } failure)
        {
            throw failure;
        }

        return Task.FromResult(_answers.TryDequeue(out var answer) ? answer() : new ChangePage([], null, query.Watermark ?? "first"));
    }
}
