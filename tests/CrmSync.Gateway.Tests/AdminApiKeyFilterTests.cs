using CrmSync.Gateway.Admin;

namespace CrmSync.Gateway.Tests;

public sealed class AdminApiKeyFilterTests
{
    private static readonly IPAddress Remote = IPAddress.Parse("192.0.2.10");

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void LoopbackCallerNeedsNoKeyWhenNoneIsConfigured(string caller)
    {
        Assert.Null(AdminApiKeyFilter.Refusal(configuredKey: null, presentedKey: null, IPAddress.Parse(caller)));
    }

    [Fact]
    public void OtherCallerIsForbiddenWhenNoKeyIsConfiguredAndToldWhatToSet()
    {
        var refusal = AdminApiKeyFilter.Refusal(configuredKey: "", presentedKey: "anything", Remote);

        Assert.Equal(403, refusal!.StatusCode);
        Assert.Contains("CrmSync__AdminApiKey", refusal.ProblemDetails.Detail);
    }

    [Fact]
    public void CallerWithoutAnAddressIsForbiddenWhenNoKeyIsConfigured()
    {
        Assert.Equal(403, AdminApiKeyFilter.Refusal(configuredKey: null, presentedKey: null, caller: null)!.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData("the-admin-key ")]
    [InlineData("the-admin-ke")]
    public void MissingOrWrongKeyIsUnauthorizedEvenFromLoopback(string? presented)
    {
        Assert.Equal(401, AdminApiKeyFilter.Refusal("the-admin-key", presented, IPAddress.Loopback)!.StatusCode);
    }

    [Fact]
    public void RightKeyIsLetThroughFromAnyAddress()
    {
        Assert.Null(AdminApiKeyFilter.Refusal("the-admin-key", "the-admin-key", Remote));
    }
}
