using CrmSync.Abstractions;
using CrmSync.Gateway.Extensions;

namespace CrmSync.Gateway.Tests;

public sealed class SourceValidationTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Theory]
    [InlineData(SourceKind.Generic)]
    [InlineData(SourceKind.Rest)]
    public void SourcesThatTakeWebhooksNeedASecret(SourceKind kind)
    {
        var result = Validate(new SourceOptions { Kind = kind });

        Assert.True(result.Failed);
        Assert.StartsWith("Source 'crm' has no usable webhook secret: set CrmSync__Sources__crm__Secret", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(SourceKind.Generic)]
    [InlineData(SourceKind.Rest)]
    public void ASourceWithAUsableSecretPasses(SourceKind kind) =>
        Assert.True(Validate(new SourceOptions { Kind = kind, Secret = Secret }).Succeeded);

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(SourceOptions source) =>
        new SourceValidation().Validate(null, new CrmSyncOptions { Sources = { ["crm"] = source } });
}
