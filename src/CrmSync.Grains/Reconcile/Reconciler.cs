using System.Collections.Concurrent;
using System.Diagnostics;
using CrmSync.Dataverse;

namespace CrmSync.Grains.Reconcile;

/// <summary>
/// One reconcile run of a (source, entity): read every source record into a <see cref="SourceIndex"/>, page through the
/// source's rows in Dataverse matching each against it, ask the grains of the records that differ whether they are
/// behind (stale) or the row was edited (drifted), and with repair put each right through its grain. It never writes
/// to Dataverse itself.
/// </summary>
public sealed class Reconciler(ISourcePageReader reader, DataverseClient dataverse, SourceRows rows, IGrainFactory grains, ReconcileProgress progress)
{
    private const int GrainCallsInParallel = 16;
    private static readonly TimeSpan RepairPatience = TimeSpan.FromMinutes(5);

    private long _peakManaged;

    /// <param name="dryRun">Also predict what the initial sync would write (<see cref="SyncPlanner"/>); no repair then.</param>
    public async Task<ReconcileReport> RunAsync(string source, string entity, bool repair, CancellationToken cancellation, bool dryRun = false)
    {
        var clock = Stopwatch.StartNew();
        var baseline = GC.GetTotalMemory(forceFullCollection: false);
        _peakManaged = baseline;
        var table = DataverseTables.For(entity);

        var index = await ReadSourceAsync(source, entity, cancellation);
        var (orphans, differing, rowCount) = await ReadDataverseAsync(table, index, cancellation);
        var missing = index.Unseen.Order(StringComparer.Ordinal).ToList();
        var (stale, drifted, inFlight) = await CheckGrainsAsync(source, entity, table, index, differing, cancellation);

        var plan = dryRun ? await new SyncPlanner(reader, dataverse, rows, grains, progress).PlanAsync(source, entity, missing, differing, cancellation) : null;
        var repaired = 0L;
        var unsettled = 0L;
        if (repair && !dryRun)
        {
            (repaired, unsettled) = await RepairAsync(source, entity, missing, orphans, stale, drifted, cancellation);
        }

        SampleMemory();
        return new ReconcileReport(
            source, entity, repair, index.Count, rowCount, missing,
            [.. orphans.Keys.Order(StringComparer.Ordinal)], stale, drifted, repaired, _peakManaged, baseline,
            clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow)
        {
            InFlight = inFlight,
            Unsettled = unsettled,
            Plan = plan,
        };
    }

    private async Task<SourceIndex> ReadSourceAsync(string source, string entity, CancellationToken cancellation)
    {
        progress.Enter(ReconcilePhase.ReadingSource);
        var index = new SourceIndex(rows);
        string? cursor = null;
        do
        {
            var page = await reader.ReadPageAsync(source, entity, cursor, cancellation);
            foreach (var change in page.Changes.Where(c => c.Operation == ChangeOperation.Upsert))
            {
                index.Add(change);
            }

            progress.Advance(page.Changes.Count, page.Total);
            SampleMemory();
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return index;
    }

    /// <returns>Orphans (source id to row id), records whose row differs from the source, and how many rows there were.</returns>
    private async Task<(Dictionary<string, Guid> Orphans, List<string> Differing, long Rows)> ReadDataverseAsync(
        DataverseTable table, SourceIndex index, CancellationToken cancellation)
    {
        progress.Enter(ReconcilePhase.ReadingDataverse, index.Count);
        var orphans = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var differing = new List<string>();
        var count = 0L;
        await foreach (var page in dataverse.ReadSourceRowsAsync(table, rows.SourceCrmValue, index.Columns, cancellationToken: cancellation))
        {
            foreach (var row in page)
            {
                if ((string?)row[DataverseTables.SourceCrmId] is not { } sourceId)
                {
                    continue;
                }

                switch (index.MatchRow(sourceId, columns => RowColumns.Hash(columns.Select(c => (c, RowColumns.Actual(row, c))))))
                {
                    case null:
                        orphans[sourceId] = (Guid)row[table.PrimaryKey]!;
                        break;
                    case false:
                        differing.Add(sourceId);
                        break;
                }
            }

            count += page.Count;
            progress.Advance(page.Count);
            SampleMemory();
        }

        return (orphans, differing, count);
    }

    /// <summary>Only the records whose row differs from the source need their grain: the rest are in step whatever it says.</summary>
    private async Task<(List<string> Stale, List<string> Drifted, long InFlight)> CheckGrainsAsync(
        string source, string entity, DataverseTable table, SourceIndex index, List<string> differing, CancellationToken cancellation)
    {
        progress.Enter(ReconcilePhase.Checking, differing.Count);
        var stale = new ConcurrentBag<string>();
        var drifted = new ConcurrentBag<string>();
        var inFlight = 0L;
        await Parallel.ForEachAsync(differing, Bounded(cancellation), async (sourceId, token) =>
        {
            var snapshot = await RecordOf(source, entity, sourceId).GetSnapshot();
            if (snapshot.Version is not { } applied || applied < index.VersionOf(sourceId))
            {
                stale.Add(sourceId);
            }
            else if (snapshot is { Status: RecordStatus.Written, Deleted: false })
            {
                var row = await dataverse.GetAsync(table, snapshot.RowId, token);
                if (row is null || RowColumns.Differing(snapshot.Fields, row, rows).Count > 0)
                {
                    drifted.Add(sourceId);
                }
            }
            else
            {
                Interlocked.Increment(ref inFlight);
            }

            progress.Advance(1);
        });

        return ([.. stale.Order(StringComparer.Ordinal)], [.. drifted.Order(StringComparer.Ordinal)], inFlight);
    }

    private async Task<(long Repaired, long Unsettled)> RepairAsync(
        string source, string entity, List<string> missing, Dictionary<string, Guid> orphans, List<string> stale, List<string> drifted, CancellationToken cancellation)
    {
        progress.Enter(ReconcilePhase.Repairing, missing.Count + orphans.Count + stale.Count + drifted.Count);
        await Parallel.ForEachAsync(orphans, Bounded(cancellation), async (orphan, _) =>
        {
            await RecordOf(source, entity, orphan.Key).RemoveOrphan(orphan.Value);
            progress.Advance(1);
        });
        await Parallel.ForEachAsync(drifted, Bounded(cancellation), async (sourceId, _) =>
        {
            await RecordOf(source, entity, sourceId).Rewrite();
            progress.Advance(1);
        });

        // The source's own state goes in as a change, like a webhook's: the grain merges it and writes it (I2).
        var fromSource = new HashSet<string>(missing.Concat(stale), StringComparer.Ordinal);
        string? cursor = null;
        while (fromSource.Count > 0)
        {
            var page = await reader.ReadPageAsync(source, entity, cursor, cancellation);
            var wanted = page.Changes.Where(c => c.Operation == ChangeOperation.Upsert && fromSource.Contains(c.SourceId)).ToList();
            await Parallel.ForEachAsync(wanted, Bounded(cancellation), async (change, _) =>
            {
                var grain = RecordOf(source, entity, change.SourceId);
                if (await grain.Accept(change) != AcceptOutcome.Accepted)
                {
                    // The grain has this version already, so its row went missing after it was written.
                    await grain.Rewrite();
                }

                progress.Advance(1);
            });
            cursor = page.NextCursor;
            if (cursor is null)
            {
                break;
            }
        }

        var repairedKeys = missing.Concat(orphans.Keys).Concat(stale).Concat(drifted).Distinct(StringComparer.Ordinal).ToList();
        return (repairedKeys.Count, await WaitUntilWrittenAsync(source, entity, repairedKeys, cancellation));
    }

    /// <summary>A repair is answered once stored; the report says how many had also reached Dataverse (or were parked) by the end.</summary>
    private async Task<long> WaitUntilWrittenAsync(string source, string entity, List<string> sourceIds, CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        var waiting = sourceIds;
        while (waiting.Count > 0 && deadline.Elapsed < RepairPatience)
        {
            var still = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(waiting, Bounded(cancellation), async (sourceId, _) =>
            {
                var snapshot = await RecordOf(source, entity, sourceId).GetSnapshot();
                if (snapshot.DesiredRevision > snapshot.WrittenRevision && snapshot.Status != RecordStatus.Parked)
                {
                    still.Add(sourceId);
                }
            });
            waiting = [.. still];
            if (waiting.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
            }
        }

        return waiting.Count;
    }

    private IRecordGrain RecordOf(string source, string entity, string sourceId) =>
        grains.GetGrain<IRecordGrain>(new RecordKey(source, entity, sourceId).ToString());

    private static ParallelOptions Bounded(CancellationToken cancellation) =>
        new() { MaxDegreeOfParallelism = GrainCallsInParallel, CancellationToken = cancellation };

    /// <summary>The process's managed heap, sampled after every page: the run's own share is the peak less the baseline.</summary>
    private void SampleMemory() => _peakManaged = Math.Max(_peakManaged, GC.GetTotalMemory(forceFullCollection: false));
}
