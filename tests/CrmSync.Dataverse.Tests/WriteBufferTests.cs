using System.Text.Json.Nodes;
using CrmSync.Dataverse.Writing;

namespace CrmSync.Dataverse.Tests;

public class WriteBufferTests
{
    [Fact]
    public void TakesOneTableAndKindAtATimeOldestFirst()
    {
        var buffer = new WriteBuffer();
        buffer.Add(Pending(DataverseTables.Contact));
        buffer.Add(Pending(DataverseTables.Account));
        buffer.Add(Pending(DataverseTables.Contact));
        buffer.Add(Pending(DataverseTables.Contact, delete: true));

        Assert.Equal(2, buffer.Take(10).Count(p => p.Write.Table == DataverseTables.Contact && !p.Write.IsDelete));
        Assert.Equal(DataverseTables.Account, Assert.Single(buffer.Take(10)).Write.Table);
        Assert.True(Assert.Single(buffer.Take(10)).Write.IsDelete);
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void NeverPutsOneRowTwiceInARequest()
    {
        var buffer = new WriteBuffer();
        var row = Guid.NewGuid();
        buffer.Add(Pending(DataverseTables.Account, row: row));
        buffer.Add(Pending(DataverseTables.Account, row: row));

        Assert.Single(buffer.Take(10));
        Assert.Single(buffer.Take(10));
    }

    [Fact]
    public void TakesNoMoreThanAsked()
    {
        var buffer = new WriteBuffer();
        for (var i = 0; i < 5; i++)
        {
            buffer.Add(Pending(DataverseTables.Account));
        }

        Assert.Equal(3, buffer.Take(3).Count);
        Assert.Equal(2, buffer.Count);
    }

    private static PendingWrite Pending(DataverseTable table, bool delete = false, Guid? row = null) =>
        new(new RowWrite(table, row ?? Guid.NewGuid(), delete ? null : new JsonObject()));
}
