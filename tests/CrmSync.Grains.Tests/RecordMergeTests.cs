using CrmSync.Abstractions;
using CrmSync.Grains;

namespace CrmSync.Grains.Tests;

public class RecordMergeTests
{
    [Fact]
    public void FirstChangeIsAcceptedAndNeedsAWrite()
    {
        var state = new RecordState();
        Assert.Equal(AcceptOutcome.Accepted, RecordMerge.Apply(state, Upsert(1, ("name", "\"A\""))));
        Assert.True(state.HasPendingWrite);
        Assert.Equal("\"A\"", state.Fields["name"].Json);
    }

    [Fact]
    public void OlderChangeIsStaleAndChangesNothing()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(5, ("name", "\"new\"")));
        var revision = state.DesiredRevision;
        Assert.Equal(AcceptOutcome.Stale, RecordMerge.Apply(state, Upsert(4, ("name", "\"old\""))));
        Assert.Equal("\"new\"", state.Fields["name"].Json);
        Assert.Equal(revision, state.DesiredRevision);
    }

    [Fact]
    public void SameChangeTwiceIsADuplicateWithNoSecondWrite()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(3, ("name", "\"A\"")));
        var revision = state.DesiredRevision;
        Assert.Equal(AcceptOutcome.Duplicate, RecordMerge.Apply(state, Upsert(3, ("name", "\"A\""))));
        Assert.Equal(revision, state.DesiredRevision);
    }

    [Fact]
    public void NewerVersionWithSameValuesIsAcceptedWithoutAWrite()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(3, ("name", "\"A\"")));
        var revision = state.DesiredRevision;
        Assert.Equal(AcceptOutcome.Accepted, RecordMerge.Apply(state, Upsert(4, ("name", "\"A\""))));
        Assert.Equal(revision, state.DesiredRevision);
        Assert.Equal(ChangeVersion.FromInteger(4), state.Version);
    }

    [Fact]
    public void PartialChangesOutOfOrderConvergePerField()
    {
        var inOrder = new RecordState();
        var reversed = new RecordState();
        RecordChange[] changes =
        [
            Upsert(1, ("name", "\"n1\""), ("telephone1", "\"t1\"")),
            Upsert(2, ("name", "\"n2\"")),
            Upsert(3, ("telephone1", "\"t3\"")),
        ];
        foreach (var change in changes)
        {
            RecordMerge.Apply(inOrder, change);
        }

        foreach (var change in changes.Reverse())
        {
            RecordMerge.Apply(reversed, change);
        }

        Assert.Equal(("\"n2\"", "\"t3\""), (reversed.Fields["name"].Json, reversed.Fields["telephone1"].Json));
        Assert.Equal(Values(inOrder), Values(reversed));
    }

    [Fact]
    public void OlderPartialChangeStillSetsAFieldNoNewerChangeSet()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(5, ("name", "\"n5\"")));
        Assert.Equal(AcceptOutcome.Accepted, RecordMerge.Apply(state, Upsert(4, ("name", "\"n4\""), ("fax", "\"f4\""))));
        Assert.Equal(("\"n5\"", "\"f4\""), (state.Fields["name"].Json, state.Fields["fax"].Json));
    }

    [Fact]
    public void DeleteFollowedByOlderUpdateStaysDeleted()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(1, ("name", "\"A\"")));
        Assert.Equal(AcceptOutcome.Accepted, RecordMerge.Apply(state, Delete(5)));
        Assert.Equal(AcceptOutcome.Stale, RecordMerge.Apply(state, Upsert(4, ("name", "\"B\""))));
        Assert.True(state.Deleted);
        Assert.Equal([("name", "null")], Values(state));
    }

    [Fact]
    public void DeleteOlderThanTheNewestUpdateKeepsTheRecordButClearsOlderColumns()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(2, ("name", "\"old\"")));
        RecordMerge.Apply(state, Upsert(6, ("fax", "\"F\"")));
        Assert.Equal(AcceptOutcome.Accepted, RecordMerge.Apply(state, Delete(5)));
        Assert.False(state.Deleted);
        Assert.Equal([("fax", "\"F\""), ("name", "null")], Values(state));
        Assert.Equal(AcceptOutcome.Stale, RecordMerge.Apply(state, Upsert(4, ("name", "\"late\""))));
    }

    [Fact]
    public void RepeatedDeleteIsADuplicate()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(1, ("name", "\"A\"")));
        RecordMerge.Apply(state, Delete(2));
        Assert.Equal(AcceptOutcome.Duplicate, RecordMerge.Apply(state, Delete(2)));
    }

    [Fact]
    public void NewerChangeAfterDeleteRevivesFromBlank()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(1, ("name", "\"A\""), ("fax", "\"F\"")));
        RecordMerge.Apply(state, Delete(2));
        Assert.Equal(AcceptOutcome.Accepted, RecordMerge.Apply(state, Upsert(3, ("name", "\"B\""))));
        Assert.False(state.Deleted);
        // Explicit nulls: the delete may never have reached Dataverse, and then the revival's write must clear fax.
        Assert.Equal([("fax", "null"), ("name", "\"B\"")], Values(state));
        Assert.True(state.HasPendingWrite);
    }

    [Fact]
    public void DeleteOfARecordNeverSeenLeavesATombstoneWithoutAWrite()
    {
        var state = new RecordState();
        Assert.Equal(AcceptOutcome.Accepted, RecordMerge.Apply(state, Delete(4)));
        Assert.False(state.HasPendingWrite);
        Assert.Equal(AcceptOutcome.Stale, RecordMerge.Apply(state, Upsert(3, ("name", "\"late\""))));
    }

    [Fact]
    public void CompleteChangeClearsColumnsItDoesNotName()
    {
        var state = new RecordState();
        RecordMerge.Apply(state, Upsert(1, ("name", "\"A\""), ("fax", "\"F\"")));
        RecordMerge.Apply(state, Upsert(2, ("name", "\"B\"")) with { IsComplete = true });
        Assert.Equal("null", state.Fields["fax"].Json);
    }

    [Fact]
    public void EveryPermutationOfVersionsEndsAtTheNewest()
    {
        RecordChange[] changes = [Upsert(1, ("name", "\"1\""), ("fax", "\"1\"")), Upsert(2, ("name", "\"2\"")), Delete(3), Upsert(4, ("telephone1", "\"4\"")), Upsert(5, ("fax", "\"5\""))];
        var inOrder = new RecordState();
        foreach (var change in changes)
        {
            RecordMerge.Apply(inOrder, change);
        }

        Assert.Equal([("fax", "\"5\""), ("telephone1", "\"4\"")], Values(inOrder).Where(v => v.Item2 != "null"));
        foreach (var order in Permutations(changes))
        {
            var state = new RecordState();
            foreach (var change in order)
            {
                RecordMerge.Apply(state, change);
            }

            Assert.False(state.Deleted);
            Assert.Equal(Values(inOrder).Where(v => v.Item2 != "null"), Values(state).Where(v => v.Item2 != "null"));
        }
    }

    private static IEnumerable<RecordChange[]> Permutations(RecordChange[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => rest.Prepend(item).ToArray()));

    private static List<(string, string)> Values(RecordState state) =>
        state.Fields.OrderBy(f => f.Key).Select(f => (f.Key, f.Value.Json)).ToList();

    private static RecordChange Upsert(long version, params (string Column, string Json)[] fields) =>
        new("account", "1", ChangeOperation.Upsert, ChangeVersion.FromInteger(version), fields.ToDictionary(f => f.Column, f => f.Json));

    private static RecordChange Delete(long version) =>
        new("account", "1", ChangeOperation.Delete, ChangeVersion.FromInteger(version), []);
}
