using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Salesforce;

namespace CrmSync.CrmSimulator.Tests.Salesforce;

public sealed class SoqlTests
{
    [Fact]
    public void ASelectOfFieldsFromAnObjectParsesWithFieldsAsSalesforceNamesThem()
    {
        var (query, error) = Soql.Parse("select id, name ,SystemModstamp from account order by Id limit 5");

        Assert.Null(error);
        Assert.Equal(SimEntity.Account, query!.Entity);
        Assert.Equal(["Id", "Name", "SystemModstamp"], query.Fields);
        Assert.Equal(5, query.Limit);
        Assert.Null(query.Ids);
    }

    [Fact]
    public void IdInListsTheQuotedIds()
    {
        var (query, _) = Soql.Parse("SELECT Id FROM Contact WHERE Id IN ('003Dn0000000001AAA', '003Dn0000000002')");

        Assert.Equal(["003Dn0000000001AAA", "003Dn0000000002"], query!.Ids!.Order());
    }

    [Fact]
    public void SystemModstampAfterIsATime()
    {
        var (query, _) = Soql.Parse("SELECT Id FROM Account WHERE SystemModstamp > 2026-01-01T00:00:05Z");

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), query!.ModifiedAfter);
    }

    [Theory]
    [InlineData("SELECT Id FROM Lead", "INVALID_TYPE")]
    [InlineData("SELECT Id, Nope FROM Account", "INVALID_FIELD")]
    [InlineData("SELECT Id FROM Account WHERE Name = 'x'", "MALFORMED_QUERY")]
    [InlineData("SELECT Id FROM Account WHERE Id IN (001Dn0000000001AAA)", "MALFORMED_QUERY")]
    [InlineData("SELECT Id FROM Account ORDER BY Name", "MALFORMED_QUERY")]
    [InlineData("DELETE FROM Account", "MALFORMED_QUERY")]
    [InlineData(null, "MALFORMED_QUERY")]
    public void AQueryBeyondTheSubsetIsRefusedWithSalesforcesErrorCode(string? text, string errorCode)
    {
        var (query, error) = Soql.Parse(text);

        Assert.Null(query);
        Assert.Equal(errorCode, error!.ErrorCode);
    }
}
