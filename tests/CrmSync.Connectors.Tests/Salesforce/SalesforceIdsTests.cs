using CrmSync.Connectors.Salesforce;

namespace CrmSync.Connectors.Tests.Salesforce;

public sealed class SalesforceIdsTests
{
    [Theory]
    [InlineData("001xx000003DGb2", "001xx000003DGb2AAG")]
    [InlineData("001xx000003DGb2AAG", "001xx000003DGb2AAG")]
    [InlineData("001XX000003DGB2AAG", "001xx000003DGb2AAG")]
    [InlineData("001xx000003dgb2aag", "001xx000003DGb2AAG")]
    [InlineData("00D5g000004XyZa", "00D5g000004XyZaEAK")]
    public void EitherFormAndAnyCaseNormaliseToOneId(string id, string expected) => Assert.Equal(expected, SalesforceIds.Normalize(id));

    [Theory]
    [InlineData("001xx000003DGb2AAH")]
    [InlineData("001xx000003DGb")]
    [InlineData("001xx000003DGb2AA")]
    [InlineData("001xx000003DGb2-AG")]
    [InlineData("001xx000003DGb2AAG ")]
    [InlineData("")]
    [InlineData(null)]
    public void AnythingElseIsNotAnId(string? id) => Assert.Null(SalesforceIds.Normalize(id));
}
