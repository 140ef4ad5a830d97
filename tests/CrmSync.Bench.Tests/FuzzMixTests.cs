using CrmSync.Bench.Scenarios.Fuzz;
using CrmSync.Connectors;
using CrmSync.Connectors.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CrmSync.Bench.Tests;

public sealed class FuzzMixTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static readonly FuzzSource[] Sources =
    [
        new GenericFuzzSource("Generic", "generic") { Secret = Secret },
        new ServiceNowRuleFuzzSource("servicenow") { Secret = Secret },
        new ServiceNowScriptFuzzSource("servicenow", "servicenow") { Secret = Secret },
        new SalesforceFuzzSource("salesforce") { Secret = Secret },
        new ZendeskFuzzSource("zendesk") { Secret = Secret },
        new HubSpotFuzzSource("hubspot", new Uri("http://127.0.0.1:5080")) { Secret = Secret },
        new PipedriveFuzzSource("pipedrive", "crmsync") { Secret = Secret },
        new Dynamics365FuzzSource("dynamics365") { Secret = Secret },
    ];

    [Fact]
    public void EveryRequestThatMustBeRefusedNamesOnlyAMarkedRecordAndNoOtherDoes()
    {
        var mix = new FuzzMix(Sources, validRecords: 50, seed: 1);
        var marked = mix.Marked().Select(record => (record.Source.Source, record.Entity, record.Id)).ToHashSet();

        var requests = mix.Next(20_000);

        Assert.Equal(FuzzMix.AllCategories.Order(), requests.Select(request => request.Category).Distinct().Order());
        Assert.All(requests.Where(request => request.Refused), request =>
        {
            Assert.StartsWith(FuzzMix.Marker, request.Record!.Name, StringComparison.Ordinal);
            Assert.Contains((request.Source.Source, request.Record.Entity, request.Record.Id), marked);
        });
        Assert.All(requests.Where(request => request.Record is not null && !request.Refused), request =>
            Assert.DoesNotContain((request.Source.Source, request.Record!.Entity, request.Record.Id), marked));
    }

    [Fact]
    public void OnlyRequestsThatMayBeAcceptedCarryAValidSignature()
    {
        var requests = new FuzzMix([Sources[0]], validRecords: 50, seed: 2).Next(5_000);
        var now = DateTimeOffset.UtcNow;

        foreach (var request in requests.Where(request => request.Category is FuzzMix.Valid or FuzzMix.ContentType or FuzzMix.Malformed))
        {
            StandardWebhookSignature.Verify(Headers(request), request.Request.Body, Secret, now);
        }

        Assert.All(requests.Where(request => request.Category is FuzzMix.WrongCredentials or FuzzMix.NoCredentials or FuzzMix.Tampered or FuzzMix.Stale), request =>
            Assert.Throws<WebhookRejectedException>(() => StandardWebhookSignature.Verify(Headers(request), request.Request.Body, Secret, now)));
    }

    [Fact]
    public void AnOversizedRequestIsOverTheGatewaysLimitAndTheOthersMadeHereAreSmall()
    {
        var requests = new FuzzMix(Sources, validRecords: 50, seed: 3).Next(20_000).Where(request => request.Category != FuzzMix.DamagedSignedRight);

        Assert.All(requests, request => Assert.True(
            request.Category == FuzzMix.Oversized ? request.Request.Body.Length > FuzzMix.MaxBodyBytes : request.Request.Body.Length < 64 * 1024,
            $"{request.Category}: {request.Request.Body.Length} bytes"));
    }

    private static HeaderDictionary Headers(FuzzRequest request) =>
        new(request.Request.Headers.ToDictionary(header => header.Key, header => new StringValues(header.Value)));
}
