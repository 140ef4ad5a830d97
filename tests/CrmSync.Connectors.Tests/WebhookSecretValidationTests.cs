using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Tests;

public sealed class WebhookSecretValidationTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public void AGenericSourceNeedsASecretSinceItTakesNothingButWebhooks()
    {
        var result = Validate(new SourceOptions { Kind = SourceKind.Generic });

        Assert.True(result.Failed);
        Assert.StartsWith("Source 'crm' has no usable webhook secret: set CrmSync__Sources__crm__Secret", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(SourceKind.Rest)]
    [InlineData(SourceKind.ServiceNow)]
    [InlineData(SourceKind.Salesforce)]
    public void APullOnlySourceStartsWithoutASecret(SourceKind kind) =>
        Assert.True(Validate(new SourceOptions { Kind = kind }).Succeeded);

    [Theory]
    [InlineData(SourceKind.Generic)]
    [InlineData(SourceKind.Rest)]
    [InlineData(SourceKind.ServiceNow)]
    public void ASecretThatIsSetButUnusableStopsStartUp(SourceKind kind)
    {
        var result = Validate(new SourceOptions { Kind = kind, Secret = "whsec_not*base64" });

        Assert.StartsWith("Source 'crm' has no usable webhook secret", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(SourceKind.Generic)]
    [InlineData(SourceKind.Rest)]
    public void ASourceWithAUsableSecretPasses(SourceKind kind) =>
        Assert.True(Validate(new SourceOptions { Kind = kind, Secret = Secret }).Succeeded);

    private static ValidateOptionsResult Validate(SourceOptions source) =>
        new WebhookSecretValidation().Validate(null, new CrmSyncOptions { Sources = { ["crm"] = source } });
}
