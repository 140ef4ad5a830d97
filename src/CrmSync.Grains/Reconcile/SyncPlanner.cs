using System.Collections.Concurrent;
using CrmSync.Dataverse;

namespace CrmSync.Grains.Reconcile;

/// <summary>
/// A dry run of the initial sync: for the records a reconcile found missing or differing (and any delete a page
/// carries), it asks each grain whether its Import would accept the source's version, and if so what the write would
/// change in the row. Grain snapshots and Dataverse GETs only: nothing is stored or written.
/// </summary>
public sealed class SyncPlanner(ISourcePageReader reader, DataverseClient dataverse, SourceRows rows, IGrainFactory grains, ReconcileProgress progress)
{
    private const int GrainCallsInParallel = 16;

    public async Task<SyncPlan> PlanAsync(string source, string entity, IReadOnlyCollection<string> missing, IReadOnlyCollection<string> differing, CancellationToken cancellation)
    {
        progress.Enter(ReconcilePhase.Checking, missing.Count + differing.Count);
        var table = DataverseTables.For(entity);
        var missingSet = missing.ToHashSet(StringComparer.Ordinal);
        var wanted = missing.Concat(differing).ToHashSet(StringComparer.Ordinal);
        var creates = new ConcurrentBag<string>();
        var updates = new ConcurrentBag<PlannedUpdate>();
        var deletes = new ConcurrentBag<string>();
        string? cursor = null;
        do
        {
            var page = await reader.ReadPageAsync(source, entity, cursor, cancellation);
            var relevant = page.Changes.Where(c => c.Operation == ChangeOperation.Delete || wanted.Contains(c.SourceId)).ToList();
            await Parallel.ForEachAsync(relevant, new ParallelOptions { MaxDegreeOfParallelism = GrainCallsInParallel, CancellationToken = cancellation }, async (change, token) =>
            {
                var snapshot = await grains.GetGrain<IRecordGrain>(new RecordKey(source, entity, change.SourceId).ToString()).GetSnapshot();
                // The grain answers stale or duplicate to a version it has, and then writes nothing (I2, I6).
                if (snapshot.Version is { } applied && change.Version <= applied)
                {
                    return;
                }

                if (change.Operation == ChangeOperation.Delete)
                {
                    if (snapshot is { UpsertVersion: not null, Deleted: false })
                    {
                        deletes.Add(change.SourceId);
                    }

                    return;
                }

                var row = missingSet.Contains(change.SourceId) ? null : await dataverse.GetAsync(table, snapshot.RowId, token);
                if (row is null)
                {
                    creates.Add(change.SourceId);
                }
                else if (Changes(change, row) is { Count: > 0 } columns)
                {
                    updates.Add(new PlannedUpdate(change.SourceId, columns));
                }

                progress.Advance(1);
            });
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return new SyncPlan(
            [.. creates.Order(StringComparer.Ordinal)],
            [.. updates.OrderBy(u => u.SourceId, StringComparer.Ordinal)],
            [.. deletes.Order(StringComparer.Ordinal)]);
    }

    private List<ColumnChange> Changes(RecordChange change, System.Text.Json.Nodes.JsonObject row)
    {
        var columns = new List<ColumnChange>();
        foreach (var (field, json) in change.Fields)
        {
            var (column, value) = RowColumns.Expected(field, json, rows);
            var old = RowColumns.Actual(row, column);
            if (old != value)
            {
                columns.Add(new ColumnChange(column, old, value));
            }
        }

        return [.. columns.OrderBy(c => c.Column, StringComparer.Ordinal)];
    }
}
