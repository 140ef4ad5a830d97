using System.Text;
using CrmSync.Connectors;
using CrmSync.Connectors.Shared;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Tests;

public class StandardWebhookSignatureTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"entity":"account","id":"1","version":1}""");

    [Fact]
    public void MatchesTheStandardWebhooksReferenceVector()
    {
        // The test vector of the Standard Webhooks reference libraries.
        var body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");
        var signature = StandardWebhookSignature.Sign(Secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void AcceptsAValidSignature() =>
        StandardWebhookSignature.Verify(Headers("msg_1", Now, Sign("msg_1", Now, Body)), Body, Secret, Now);

    [Fact]
    public void AcceptsWhenAnyOfSeveralSignaturesMatches() =>
        StandardWebhookSignature.Verify(Headers("msg_1", Now, "v1,AAAA v2,zzz " + Sign("msg_1", Now, Body)), Body, Secret, Now);

    [Fact]
    public void RejectsAChangedBody()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"entity":"account","id":"2","version":1}""");
        Assert.Throws<WebhookRejectedException>(() =>
            StandardWebhookSignature.Verify(Headers("msg_1", Now, Sign("msg_1", Now, Body)), tampered, Secret, Now));
    }

    [Fact]
    public void RejectsAnotherSecret()
    {
        var other = "whsec_" + Convert.ToBase64String(new byte[32]);
        var signature = StandardWebhookSignature.Sign(other, "msg_1", Now.ToUnixTimeSeconds(), Body);
        Assert.Throws<WebhookRejectedException>(() =>
            StandardWebhookSignature.Verify(Headers("msg_1", Now, signature), Body, Secret, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void RejectsATimestampOutsideFiveMinutes(int offsetSeconds)
    {
        var sent = Now.AddSeconds(offsetSeconds);
        var exception = Assert.Throws<WebhookRejectedException>(() =>
            StandardWebhookSignature.Verify(Headers("msg_1", sent, Sign("msg_1", sent, Body)), Body, Secret, Now));
        Assert.Contains("300 s", exception.Message);
    }

    [Fact]
    public void AcceptsATimestampJustInsideTheWindow()
    {
        var sent = Now.AddSeconds(-299);
        StandardWebhookSignature.Verify(Headers("msg_1", sent, Sign("msg_1", sent, Body)), Body, Secret, Now);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void RejectsAMissingHeader(string missing)
    {
        var headers = Headers("msg_1", Now, Sign("msg_1", Now, Body));
        headers.Remove(missing);
        Assert.Throws<WebhookRejectedException>(() => StandardWebhookSignature.Verify(headers, Body, Secret, Now));
    }

    [Fact]
    public void RejectsASignatureOfAnotherMessageId() =>
        Assert.Throws<WebhookRejectedException>(() =>
            StandardWebhookSignature.Verify(Headers("msg_2", Now, Sign("msg_1", Now, Body)), Body, Secret, Now));

    private static string Sign(string id, DateTimeOffset at, byte[] body) =>
        StandardWebhookSignature.Sign(Secret, id, at.ToUnixTimeSeconds(), body);

    private static HeaderDictionary Headers(string id, DateTimeOffset at, string signature) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = at.ToUnixTimeSeconds().ToString(),
        ["webhook-signature"] = signature,
    };
}
