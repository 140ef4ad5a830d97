using System.Text;
using CrmSync.Connectors.HubSpot;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Tests.HubSpot;

public sealed class HubSpotSignatureTests
{
    private const string Vector = "ondzKvlNsY+jusAXzsh8LnFot4Jem20ywDVIEFThaNw=";
    private const string Body = """[{"objectId":1,"subscriptionType":"contact.creation","occurredAt":1700000000000}]""";

    [Fact]
    public void TheSignatureIsBase64HmacOfMethodUriBodyAndTimestamp()
    {
        // Computed independently: python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'secret',
        // b'POSThttps://example.com/webhooks/hs?x=1'+b'[]'+b'1700000000000',hashlib.sha256).digest()).decode())"
        var signature = HubSpotSignature.Sign("secret", "POST", new Uri("https://example.com/webhooks/hs?x=1"), "[]"u8, 1700000000000);

        Assert.Equal(Vector, signature);
    }

    [Fact]
    public void ARequestSignedWithTheClientSecretPasses() =>
        HubSpotSignature.Verify(HubSpotSource.Webhook(Body), HubSpotSource.ClientSecret);

    [Fact]
    public void AnotherSecretIsRefused() =>
        Assert.Throws<WebhookRejectedException>(() => HubSpotSignature.Verify(HubSpotSource.Webhook(Body, secret: "other"), HubSpotSource.ClientSecret));

    [Fact]
    public void AChangedBodyIsRefused()
    {
        var request = HubSpotSource.Webhook(Body) with { Body = Encoding.UTF8.GetBytes(Body.Replace("creation", "deletion")) };

        Assert.Throws<WebhookRejectedException>(() => HubSpotSignature.Verify(request, HubSpotSource.ClientSecret));
    }

    [Fact]
    public void ASignatureForAnotherUrlIsRefused()
    {
        var request = HubSpotSource.Webhook(Body) with { Url = new Uri("http://crmsync.example.com/webhooks/hs") };

        Assert.Throws<WebhookRejectedException>(() => HubSpotSignature.Verify(request, HubSpotSource.ClientSecret));
    }

    [Fact]
    public void AnEncodedCharacterHubSpotSignsDecodedStillMatches()
    {
        var signed = new Uri("https://crmsync.example.com/webhooks/hs?tag=a:b");
        var request = HubSpotSource.Webhook(Body, url: signed) with { Url = new Uri("https://crmsync.example.com/webhooks/hs?tag=a%3Ab") };

        HubSpotSignature.Verify(request, HubSpotSource.ClientSecret);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void ATimestampMoreThanFiveMinutesAwayIsRefused(int minutes)
    {
        var request = HubSpotSource.Webhook(Body, DateTimeOffset.UtcNow.AddMinutes(minutes));

        var refused = Assert.Throws<WebhookRejectedException>(() => HubSpotSignature.Verify(request, HubSpotSource.ClientSecret));
        Assert.Contains("300 s", refused.Message);
    }

    [Fact]
    public void AnUnsignedRequestIsRefusedNamingTheHeaders()
    {
        var request = HubSpotSource.Webhook(Body) with { Headers = new HeaderDictionary() };

        var refused = Assert.Throws<WebhookRejectedException>(() => HubSpotSignature.Verify(request, HubSpotSource.ClientSecret));
        Assert.Contains(HubSpotSignature.SignatureHeader, refused.Message);
    }
}
