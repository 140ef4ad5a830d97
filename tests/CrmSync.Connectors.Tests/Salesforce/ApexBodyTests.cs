using System.Text;
using CrmSync.Connectors.Salesforce;
using CrmSync.Testing.Salesforce;

namespace CrmSync.Connectors.Tests.Salesforce;

/// <summary>The bodies come from the Apex test classes themselves (ApexSource), so the connector reads what the Apex sends.</summary>
public sealed class ApexBodyTests
{
    [Fact]
    public void TheApexAccountUpdateReadsAsTheWholeAccount()
    {
        var record = Assert.Single(ApexBody.Parse(Encoding.UTF8.GetBytes(SalesforceSamples.ApexAccountBody)));

        Assert.Equal(Entities.Account, record.Entity);
        Assert.Equal("001xx000003DGb2AAG", record.Id);
        Assert.False(record.IsDeleted);
        Assert.Equal(ChangeVersion.FromTimestamp(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)), record.Version);
        Assert.Equal("Acme Ltd", record.Body.GetProperty("Name").GetString());
    }

    [Fact]
    public void TheApexContactKeepsItsAccountId()
    {
        var record = Assert.Single(ApexBody.Parse(Encoding.UTF8.GetBytes(SalesforceSamples.ApexContactBody)));

        Assert.Equal(Entities.Contact, record.Entity);
        Assert.Equal("001xx000003DGb2AAG", record.Body.GetProperty("AccountId").GetString());
    }

    [Fact]
    public void TheApexDeleteIsADeletionAtItsTime()
    {
        var record = Assert.Single(ApexBody.Parse(Encoding.UTF8.GetBytes(SalesforceSamples.ApexDeleteBody)));

        Assert.True(record.IsDeleted);
        Assert.Equal(ChangeVersion.FromTimestamp(new DateTimeOffset(2026, 11, 23, 10, 0, 5, TimeSpan.Zero)), record.Version);
    }

    [Fact]
    public void AFifteenCharacterIdArrivesAsEighteen()
    {
        var body = SalesforceSamples.ApexAccountBody.Replace("\"Id\":\"001xx000003DGb2AAG\"", "\"Id\":\"001xx000003DGb2\"");

        Assert.Equal("001xx000003DGb2AAG", Assert.Single(ApexBody.Parse(Encoding.UTF8.GetBytes(body))).Id);
    }

    [Theory]
    [InlineData("""[]""", "must be an object")]
    [InlineData("""{"operation":"upsert","records":[]}""", "operation 'upsert'")]
    [InlineData("""{"operation":"update","records":[]}""", "1 to 200")]
    [InlineData("""{"operation":"update","records":{}}""", "1 to 200")]
    [InlineData("""{"operation":"update","records":[1]}""", "records[0] is not a JSON object")]
    [InlineData("""{"operation":"update","records":[{"attributes":{"type":"Lead"},"Id":"001xx000003DGb2AAG","SystemModstamp":"2026-11-23T10:00:00.000+0000"}]}""", "'Lead'")]
    [InlineData("""{"operation":"update","records":[{"attributes":{"type":"Account"},"Id":"001xx000003DGb2AAH","SystemModstamp":"2026-11-23T10:00:00.000+0000"}]}""", "records[0]: Id")]
    [InlineData("""{"operation":"update","records":[{"attributes":{"type":"Account"},"Id":"001xx000003DGb2AAG","SystemModstamp":17}]}""", "SystemModstamp")]
    [InlineData("""{"operation":"update",""", "not valid JSON")]
    [InlineData("""{"operation":"\ud800","records":[]}""", "not valid UTF-16")]
    public void ABodyTheApexCouldNotHaveSentIsRefusedSayingWhy(string body, string reason)
    {
        var error = Assert.Throws<WebhookFormatException>(() => ApexBody.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void MoreThanATriggerBatchIsRefused()
    {
        var record = """{"attributes":{"type":"Account"},"Id":"001xx000003DGb2AAG","SystemModstamp":"2026-11-23T10:00:00.000+0000"}""";
        var body = $$"""{"operation":"update","records":[{{string.Join(",", Enumerable.Repeat(record, 201))}}]}""";

        Assert.Throws<WebhookFormatException>(() => ApexBody.Parse(Encoding.UTF8.GetBytes(body)));
    }
}
