using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Tests.Shared;

public sealed class WebhookChecksTests
{
    [Fact]
    public void BasicCredentialsThatMatchPass() =>
        WebhookChecks.VerifyBasic(Headers("Basic " + Base64("crmsync:s3cret:with:colons")), "crmsync", "s3cret:with:colons");

    [Theory]
    [InlineData(null, "The request has no HTTP Basic credentials")]
    [InlineData("Bearer abc", "The request has no HTTP Basic credentials")]
    [InlineData("Basic !!!", "The Basic credentials are not base64.")]
    [InlineData("Basic Y3Jtc3luYzp3cm9uZw==", "The Basic credentials do not match")]
    [InlineData("Basic Y3Jtc3luYw==", "The Basic credentials do not match")]
    public void MissingOrWrongBasicCredentialsAreRefused(string? authorization, string expected)
    {
        var refused = Assert.Throws<WebhookRejectedException>(() => WebhookChecks.VerifyBasic(Headers(authorization), "crmsync", "s3cret"));

        Assert.StartsWith(expected, refused.Message);
    }

    [Fact]
    public void ASignatureMatchesOnlyItsOwnHmac()
    {
        var key = Encoding.UTF8.GetBytes("key");
        var mac = WebhookChecks.HmacSha256(key, Encoding.UTF8.GetBytes("1700000000"), Encoding.UTF8.GetBytes("{}"));

        Assert.Equal(mac, WebhookChecks.HmacSha256(key, Encoding.UTF8.GetBytes("1700000000{}")));
        Assert.True(WebhookChecks.SignatureMatches(mac, Convert.ToBase64String(mac)));
        Assert.False(WebhookChecks.SignatureMatches(mac, Convert.ToBase64String(mac[..^1])));
        Assert.False(WebhookChecks.SignatureMatches(mac, "not base64"));
    }

    private static HeaderDictionary Headers(string? authorization) =>
        authorization is null ? new() : new() { ["Authorization"] = authorization };

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
