using System.Text;
using CrmSync.Connectors.Shared;

namespace CrmSync.EndToEnd.Tests;

/// <summary>
/// Each bad request carries a valid change for a fresh record; that the same change sent properly afterwards is
/// accepted (not duplicate) proves the bad request stored nothing.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class BadRequestTests
{
    private readonly CrmSyncSystem _system;

    public BadRequestTests(SharedSystemFixture fixture, ITestOutputHelper output)
    {
        _system = fixture.System;
        _system.ShowOutputIn(output);
    }

    [Theory]
    [InlineData("unsigned", "not signed")]
    [InlineData("signed with another secret", "No v1 signature")]
    [InlineData("signed 6 minutes ago", "away from the server's clock")]
    public async Task AnUnauthenticRequestGets401AndStoresNothing(string how, string expectedDetail)
    {
        var change = NewChange();
        var request = how switch
        {
            "unsigned" => Unsigned(_system.Webhooks.CreateRequest(WebhookMessage.Of(change))),
            "signed with another secret" => _system.Webhooks.CreateRequest(WebhookMessage.Of(change), secret: WebhookSecret.Generate()),
            _ => _system.Webhooks.CreateRequest(WebhookMessage.Of(GenericChange.Body([change]), DateTimeOffset.UtcNow.AddMinutes(-6))),
        };

        var response = await _system.Webhooks.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, expectedDetail, change);
    }

    [Theory]
    [InlineData("malformed JSON", "not valid JSON")]
    [InlineData("an unknown entity", "entity 'lead' is unknown")]
    [InlineData("an unknown column", "'shoesize' is not a column")]
    [InlineData("a change without a version", "\"version\" is missing")]
    public async Task AnInvalidBodyGets400AndStoresNothingOfIt(string how, string expectedDetail)
    {
        var change = NewChange();
        var valid = change.ToJson().ToJsonString();
        var body = how switch
        {
            "malformed JSON" => valid[..^1],
            "an unknown entity" => WithSecond(valid, new JsonObject { ["entity"] = "lead", ["id"] = "L-1", ["version"] = 1 }),
            "an unknown column" => WithSecond(valid, GenericChange.Account(RecordIds.New("A"), 1, new { shoesize = 44 }).ToJson()),
            _ => WithSecond(valid, Without(GenericChange.Account(RecordIds.New("A"), 1, new { name = "Unversioned" }).ToJson(), "version")),
        };

        var response = await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of(body)));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expectedDetail, change);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABodyOverTheLimitGets413AndStoresNothingOfIt(bool chunked)
    {
        var change = NewChange();
        var filler = Enumerable.Range(0, 999).Select(i => GenericChange.Account(RecordIds.New("A"), 1, new { name = $"Filler {i}" }));
        var message = WebhookMessage.Of([change, .. filler]);
        Assert.True(Encoding.UTF8.GetByteCount(message.Body) > SharedSystemFixture.MaxBodyBytes, "The body must be over the gateway's limit.");
        var request = _system.Webhooks.CreateRequest(message);
        // Without Content-Length the gateway finds out by reading, and must stop at the limit.
        request.Headers.TransferEncodingChunked = chunked;

        var response = await _system.Webhooks.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, $"over the limit of {SharedSystemFixture.MaxBodyBytes} bytes", change);
    }

    [Fact]
    public async Task AWebhookForAnUnknownSourceGets404AndStoresNothing()
    {
        var change = NewChange();

        var response = await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of(change), source: "nosuchcrm"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "No source named 'nosuchcrm'", change);
    }

    [Fact]
    public async Task APullOnlySourceStartsWithoutASecretAndItsWebhooksGet401NamingTheSetting()
    {
        var change = NewChange();

        var response = await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of(change), source: SharedSystemFixture.PullOnlySource));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, $"set CrmSync__Sources__{SharedSystemFixture.PullOnlySource}__Secret", change);
    }

    [Fact]
    public async Task AnEntityInTheUrlThatCrmSyncDoesNotSyncGets404AndStoresNothing()
    {
        var change = NewChange();

        var response = await _system.Webhooks.SendAsync(AtPath(_system.Webhooks.CreateRequest(WebhookMessage.Of(change)), "lead"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "'lead' is not an entity CrmSync syncs", change);
    }

    [Fact]
    public async Task AChangeWhoseEntityDiffersFromTheUrlsGets400AndStoresNothing()
    {
        var change = NewChange();

        var response = await _system.Webhooks.SendAsync(AtPath(_system.Webhooks.CreateRequest(WebhookMessage.Of(change)), Entities.Contact));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "differs from the URL's 'contact'", change);
    }

    private static HttpRequestMessage AtPath(HttpRequestMessage request, string entity)
    {
        request.RequestUri = new Uri($"{request.RequestUri}/{entity}", UriKind.Relative);
        return request;
    }

    private static GenericChange NewChange() => GenericChange.Account(RecordIds.New("A"), 1, new { name = "Sent once, properly" });

    private static HttpRequestMessage Unsigned(HttpRequestMessage request)
    {
        request.Headers.Remove(StandardWebhookSignature.IdHeader);
        request.Headers.Remove(StandardWebhookSignature.TimestampHeader);
        request.Headers.Remove(StandardWebhookSignature.SignatureHeader);
        return request;
    }

    private static string WithSecond(string first, JsonObject second) => $"[{first},{second.ToJsonString()}]";

    private static JsonObject Without(JsonObject change, string member)
    {
        change.Remove(member);
        return change;
    }

    private async Task AssertProblemAsync(WebhookResponse response, HttpStatusCode status, string expectedDetail, GenericChange unstored)
    {
        Assert.True(response.Status == status, $"Expected {(int)status}; the gateway answered {response}");
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Contains(expectedDetail, response.Detail);
        Assert.Equal("accepted", (await _system.Webhooks.SendAsync(unstored)).Outcome);
    }
}
