namespace CrmSync.Dataverse.Tests;

public class RowIdentityTests
{
    [Fact]
    public void NameBasedUuidMatchesRfc9562Example() =>
        // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
        Assert.Equal(
            new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"),
            RowIdentity.NameBased(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));

    [Fact]
    public void SameSourceRecordAlwaysGetsTheSameRow() =>
        Assert.Equal(RowIdentity.For(192350004, "A-1"), RowIdentity.For(192350004, "A-1"));

    [Fact]
    public void TheSourceCrmValueIsPartOfTheIdentity() =>
        Assert.NotEqual(RowIdentity.For(192350004, "A-1"), RowIdentity.For(192350000, "A-1"));

    [Fact]
    public void AGuidSourceIdIsUsedAsIsWhenTheSourceSaysSo()
    {
        const string sysId = "0f4e2b3c9a1d4e5f8a7b6c5d4e3f2a1b";
        Assert.Equal(Guid.Parse(sysId), RowIdentity.For(2, sysId, sourceIdIsRowId: true));
        Assert.NotEqual(Guid.Parse(sysId), RowIdentity.For(2, sysId));
    }
}
