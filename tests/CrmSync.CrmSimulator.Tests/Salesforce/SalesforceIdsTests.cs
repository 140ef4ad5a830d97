using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Salesforce;

namespace CrmSync.CrmSimulator.Tests.Salesforce;

public sealed class SalesforceIdsTests
{
    [Theory]
    [InlineData("001xx000003DGb2", "001xx000003DGb2AAG")]
    [InlineData("003xx000004TmiQ", "003xx000004TmiQAAS")]
    [InlineData("00D5g000004XyZa", "00D5g000004XyZaEAK")]
    public void TheChecksumIsSalesforces(string id15, string id18) => Assert.Equal(id18, SalesforceIds.WithChecksum(id15));

    [Theory]
    [InlineData(1)]
    [InlineData(62)]
    [InlineData(3_844)]
    [InlineData(9_999_999)]
    public void AnIdNamesItsIndexInBothForms(int index)
    {
        var id = SalesforceIds.IdOf(SimEntity.Contact, index);

        Assert.Equal(18, id.Length);
        Assert.StartsWith("003", id);
        Assert.True(SalesforceIds.TryParse(SimEntity.Contact, id, out var parsed18));
        Assert.True(SalesforceIds.TryParse(SimEntity.Contact, id[..15], out var parsed15));
        Assert.Equal(index, parsed18);
        Assert.Equal(index, parsed15);
    }

    [Fact]
    public void IdsSortAsTheirIndexes()
    {
        var ids = new[] { 1, 9, 10, 61, 62, 3_843, 3_844, 1_000_000 }.Select(index => SalesforceIds.IdOf(SimEntity.Account, index)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("001Dn0000000001AAB")]
    [InlineData("003Dn0000000001AAA")]
    [InlineData("001Dn000000000")]
    [InlineData("001Dn0000000000AAA")]
    [InlineData("001Dn00000000-1AAA")]
    [InlineData(null)]
    public void AnIdOfAnotherObjectOrWithAWrongChecksumIsRefused(string? id) =>
        Assert.False(SalesforceIds.TryParse(SimEntity.Account, id, out _));
}
