using System.Text;
using CrmSync.Connectors.Zendesk;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Tests.Zendesk;

public sealed class ZendeskSignatureTests
{
    // The vectors of specs/zendesk-and-push.md §1.4: Zendesk's static test secret, used as its text.
    private const string Secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
    private const string Timestamp = "2021-03-25T05:09:27Z";
    private const string Body = """{"type":"zen:event-type:user.created","account_id":12514403,"id":"2b24ef10-19d4-4740-93cf-8f98ec4776c0","time":"2099-07-04T05:27:58Z","zendesk_event_version":"2022-06-20","subject":"zen:user:6596848315901","detail":{"created_at":"2099-07-04T05:27:58Z","email":"jdoe@example.com","external_id":"","default_group_id":"0","id":"6596848315901","organization_id":"0","role":"end-user","updated_at":"2099-07-04T05:27:58Z"},"event":{}}""";
    private static readonly DateTimeOffset SentAt = DateTimeOffset.Parse(Timestamp);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData("", "wCdBvXaHttn0wRVIYctzZ9O6O0bnqWakJMEKZ9VoRWw=")]
    [InlineData(Body, "gbXAWs2wyzbxGUQy9FsRltTbI6gqMM+ehEki73CIMHU=")]
    public void TheSignatureIsTheHmacOfTheTimestampThenTheBodyKeyedWithTheSecretsText(string body, string expected)
    {
        Assert.Equal(expected, ZendeskSignature.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(body)));
        ZendeskSignature.Verify(Headers(expected, Timestamp), Encoding.UTF8.GetBytes(body), Secret, SentAt.AddMinutes(1), Window);
    }

    [Fact]
    public void AChangedBodyIsRefused()
    {
        var signature = ZendeskSignature.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(Body));

        var refused = Assert.Throws<WebhookRejectedException>(() =>
            ZendeskSignature.Verify(Headers(signature, Timestamp), Encoding.UTF8.GetBytes(Body.Replace("jdoe", "jroe")), Secret, SentAt, Window));
        Assert.Contains("does not match", refused.Message);
    }

    [Fact]
    public void AnotherSecretIsRefused()
    {
        var signature = ZendeskSignature.Sign("another-signing-secret", Timestamp, Encoding.UTF8.GetBytes(Body));

        Assert.Throws<WebhookRejectedException>(() => ZendeskSignature.Verify(Headers(signature, Timestamp), Encoding.UTF8.GetBytes(Body), Secret, SentAt, Window));
    }

    [Fact]
    public void ATimestampOutsideTheWindowIsRefusedThoughSignedRight()
    {
        var signature = ZendeskSignature.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(Body));

        var refused = Assert.Throws<WebhookRejectedException>(() =>
            ZendeskSignature.Verify(Headers(signature, Timestamp), Encoding.UTF8.GetBytes(Body), Secret, SentAt.AddMinutes(11), Window));
        Assert.Contains("away from the server's clock", refused.Message);
    }

    [Theory]
    [InlineData(null, Timestamp)]
    [InlineData("gbXAWs2wyzbxGUQy9FsRltTbI6gqMM+ehEki73CIMHU=", null)]
    [InlineData("not base64!", Timestamp)]
    [InlineData("gbXAWs2wyzbxGUQy9FsRltTbI6gqMM+ehEki73CIMHU=", "yesterday")]
    public void AMissingOrMalformedHeaderIsRefused(string? signature, string? timestamp) =>
        Assert.Throws<WebhookRejectedException>(() =>
            ZendeskSignature.Verify(Headers(signature, timestamp), Encoding.UTF8.GetBytes(Body), Secret, SentAt, Window));

    private static HeaderDictionary Headers(string? signature, string? timestamp)
    {
        var headers = new HeaderDictionary();
        if (signature is not null)
        {
            headers[ZendeskSignature.SignatureHeader] = signature;
        }

        if (timestamp is not null)
        {
            headers[ZendeskSignature.TimestampHeader] = timestamp;
        }

        return headers;
    }
}
