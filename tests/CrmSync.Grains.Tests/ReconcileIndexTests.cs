using System.Diagnostics;
using System.Text.Json.Nodes;
using CrmSync.Dataverse;
using CrmSync.Grains.Reconcile;
using static CrmSync.Grains.Tests.TestRecords;

namespace CrmSync.Grains.Tests;

[Collection(AloneCollection.Name)]
public sealed class ReconcileIndexTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly SourceRows Rows = new(RecordCluster.SourceCrmValue, SourceIdIsRowId: false);

    [Fact]
    public void ARowMatchesItsSourceRecordDespiteNumberGuidAndColumnOrderSpelling()
    {
        var index = new SourceIndex(Rows);
        index.Add(Upsert("contact", "C-1", 2, ("revenue", "1000.50"), ("lastname", "\"Roe\""), (RecordFields.ParentAccountId, "\"A-1\""), ("jobtitle", "null")));
        var row = JsonNode.Parse($$"""{"_parentcustomerid_value":"{{Rows.RowId("A-1").ToString().ToUpperInvariant()}}","lastname":"Roe","revenue":1000.5}""")!.AsObject();

        Assert.True(index.MatchRow("C-1", columns => RowColumns.Hash(columns.Select(c => (c, RowColumns.Actual(row, c))))));
        Assert.Empty(index.Unseen);
    }

    [Fact]
    public void ARowWithAnEditedColumnDiffersAndARowOfNoSourceRecordIsAnOrphan()
    {
        var index = new SourceIndex(Rows);
        index.Add(Upsert("account", "A-1", 2, ("name", "\"Contoso\"")));
        index.Add(Upsert("account", "A-2", 2, ("name", "\"Fabrikam\"")));
        var edited = JsonNode.Parse("""{"name":"Edited"}""")!.AsObject();

        Assert.False(index.MatchRow("A-1", columns => RowColumns.Hash(columns.Select(c => (c, RowColumns.Actual(edited, c))))));
        Assert.Null(index.MatchRow("A-9", _ => 0));
        Assert.Equal(["A-2"], index.Unseen);
        Assert.Equal(["name"], RowColumns.Differing(new Dictionary<string, string> { ["name"] = "\"Contoso\"" }, edited, Rows));
    }

    /// <summary>Opt-in (CRMSYNC_RECONCILE_RECORDS, e.g. 1000000): what the index of that many source records costs.</summary>
    [Fact]
    public void TheIndexOfManyRecordsStaysSmall()
    {
        var records = int.TryParse(Environment.GetEnvironmentVariable("CRMSYNC_RECONCILE_RECORDS"), out var count) ? count : 20_000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var index = new SourceIndex(Rows);
        for (var i = 0; i < records; i++)
        {
            index.Add(Upsert("account", $"{i:D9}", i, ("name", $"\"Account {i}\""), ("telephone1", "\"+1 555 0100\""), ("revenue", $"{i}.25"), ("msdyn_source_crm_url", $"\"https://crm.example.com/accounts/{i}\"")));
        }

        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"{records:N0} records indexed in {clock.Elapsed.TotalSeconds:0.0} s: {bytes / 1048576.0:0.0} MiB, {bytes / (double)records:0} bytes per record");
        Assert.Equal(records, index.Count);
        Assert.InRange(bytes / (double)records, 1, 200);
    }
}
