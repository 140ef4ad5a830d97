using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CrmSync.Connectors.Tests.HubSpot;

/// <summary>Webhooks through the connector as the gateway calls it, with the simulator as the HubSpot account read back.</summary>
public sealed class HubSpotWebhookTests(HubSpotSource hubSpot) : IClassFixture<HubSpotSource>
{
    private const long At = 1767225600000;

    [Fact]
    public async Task APropertyChangeIsAPartialChangeOfItsColumnAtOccurredAtWithoutAnyApiCall()
    {
        await hubSpot.ResetAsync();

        var changes = await ParseAsync(HubSpotSource.Event("contact.propertyChange", 42, At, ""","propertyName":"firstname","propertyValue":"Ada" """));

        var change = Assert.Single(changes);
        Assert.False(change.IsComplete);
        Assert.Equal(ChangeVersion.FromTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(At)), change.Version);
        Assert.Equal(new Dictionary<string, string> { ["firstname"] = "\"Ada\"", [RecordFields.SourceUrl] = "\"https://app.hubspot.com/contacts/62515/record/0-1/42\"" }, change.Fields);
        Assert.Equal(0, await hubSpot.ApiRequestsAsync());
    }

    [Fact]
    public async Task AChangedPrimaryCompanyPropertyReParentsAndAnEmptyValueClears()
    {
        var changes = await ParseAsync(
            HubSpotSource.Event("contact.propertyChange", 4, At, ""","propertyName":"associatedcompanyid","propertyValue":"17" """),
            HubSpotSource.Event("contact.propertyChange", 4, At + 1, ""","propertyName":"phone","propertyValue":"" """));

        Assert.Equal("\"17\"", changes[0].Fields[RecordFields.ParentAccountId]);
        Assert.Equal("null", changes[1].Fields["telephone1"]);
    }

    [Fact]
    public async Task AChangeOfAPropertyNoColumnComesFromChangesNothing() =>
        Assert.Empty(await ParseAsync(HubSpotSource.Event("contact.propertyChange", 4, At, ""","propertyName":"hs_lead_status","propertyValue":"NEW" """)));

    [Fact]
    public async Task ADeletionIsADeleteAtOccurredAt()
    {
        var change = Assert.Single(await ParseAsync(HubSpotSource.Event("company.deletion", 8, At)));

        Assert.Equal((Entities.Account, "8", ChangeOperation.Delete), (change.Entity, change.SourceId, change.Operation));
        Assert.Equal(ChangeVersion.FromTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(At)), change.Version);
    }

    [Fact]
    public async Task ACreationIsReadBackAsTheWholeRecordAndOneGoneSinceIsADelete()
    {
        await hubSpot.ResetAsync();
        await hubSpot.PostAsync("simulator/hubspot/changes", new { target = "http://127.0.0.1:9/", clientSecret = "x", changes = new[] { new { entity = "company", id = "12", delete = true } } });
        var simulated = (await hubSpot.Control.GetFromJsonAsync<JsonObject>("simulator/records/account/A0000011"))!;

        var changes = await ParseAsync(HubSpotSource.Event("company.creation", 11, At), HubSpotSource.Event("company.creation", 12, At));

        Assert.True(changes[0].IsComplete);
        Assert.Equal($"\"{simulated["name"]}\"", changes[0].Fields["name"]);
        Assert.Equal(ChangeOperation.Delete, changes[1].Operation);
        Assert.Equal(1, await hubSpot.ApiRequestsAsync());
    }

    [Fact]
    public async Task AThousandNotificationsCostTenBatchReads()
    {
        await hubSpot.ResetAsync();
        var requests = Enumerable.Range(0, 10).Select(r => string.Join(',', Enumerable.Range(1, 100).Select(i =>
            HubSpotSource.Event(r % 2 == 0 ? "contact.creation" : "contact.restore", r * 20 + i, At))));

        var changes = await Task.WhenAll(requests.Select(body => ParseAsync(body)));

        Assert.Equal(1000, changes.Sum(c => c.Count));
        Assert.Equal(10, await hubSpot.ApiRequestsAsync());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [InlineData(500)]
    public async Task AReadBackWaitsOutThrottlingAndFailures(int status)
    {
        await hubSpot.ResetAsync();
        await hubSpot.PostAsync("simulator/faults", new { status, count = 2, retryAfterSeconds = 0 });

        var change = Assert.Single(await ParseAsync(HubSpotSource.Event("contact.creation", 5, At)));

        Assert.True(change.IsComplete);
        Assert.Equal(3, await hubSpot.ApiRequestsAsync());
    }

    [Fact]
    public async Task AReadBackThatKeepsFailingIsASourceReadExceptionTheGatewayAnswers503()
    {
        await hubSpot.ResetAsync();
        await hubSpot.PostAsync("simulator/faults", new { status = 500, count = 10 });

        await Assert.ThrowsAsync<SourceReadException>(() => ParseAsync(HubSpotSource.Event("contact.creation", 5, At)));
    }

    private async Task<IReadOnlyList<RecordChange>> ParseAsync(params string[] events)
    {
        var request = HubSpotSource.Webhook($"[{string.Join(',', events)}]");
        hubSpot.Connector.Verify(request);
        return await hubSpot.Connector.ParseAsync(request, CancellationToken.None);
    }
}
