using CrmSync.Connectors.Salesforce;
using CrmSync.CrmSimulator.Data;
using CrmSync.Testing.Salesforce;
using Microsoft.AspNetCore.Http;
using SimIds = CrmSync.CrmSimulator.Salesforce.SalesforceIds;

namespace CrmSync.Connectors.Tests.Salesforce;

public sealed class SalesforceConnectorTests : IAsyncLifetime
{
    private SalesforceHarness harness = null!;

    public async Task InitializeAsync() => harness = await SalesforceHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task TheApexAccountBodyBecomesTheWholeAccountWithItsLightningLink()
    {
        var request = SalesforceHarness.Request(SalesforceSamples.ApexAccountBody);

        harness.Connector.Verify(request);
        var change = Assert.Single(await harness.Connector.ParseAsync(request, CancellationToken.None));

        Assert.Equal((Entities.Account, "001xx000003DGb2AAG", ChangeOperation.Upsert, true), (change.Entity, change.SourceId, change.Operation, change.IsComplete));
        Assert.Equal(ChangeVersion.FromTimestamp(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)), change.Version);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["name"] = "\"Acme Ltd\"", ["telephone1"] = "\"+1 555 0100\"", ["websiteurl"] = "\"https://acme.example\"", ["accountnumber"] = "\"ACME-1\"",
                ["address1_line1"] = "\"1 Main Street\"", ["address1_city"] = "\"Springfield\"", ["address1_postalcode"] = "\"12345\"", ["address1_country"] = "\"US\"",
                [RecordFields.SourceUrl] = $"\"{harness.InstanceUrl}/lightning/r/Account/001xx000003DGb2AAG/view\"",
            },
            change.Fields);
    }

    [Fact]
    public async Task TheApexContactNamesItsAccount()
    {
        var change = Assert.Single(await harness.Connector.ParseAsync(SalesforceHarness.Request(SalesforceSamples.ApexContactBody), CancellationToken.None));

        Assert.Equal("\"001xx000003DGb2AAG\"", change.Fields[RecordFields.ParentAccountId]);
        Assert.Equal("\"Engineer\"", change.Fields["jobtitle"]);
        Assert.Equal("\"ada@acme.example\"", change.Fields["emailaddress1"]);
    }

    [Fact]
    public async Task TheApexDeleteIsADeleteAtTheTimeOfDeletion()
    {
        var change = Assert.Single(await harness.Connector.ParseAsync(SalesforceHarness.Request(SalesforceSamples.ApexDeleteBody), CancellationToken.None));

        Assert.Equal(ChangeOperation.Delete, change.Operation);
        Assert.Equal(ChangeVersion.FromTimestamp(new DateTimeOffset(2026, 11, 23, 10, 0, 5, TimeSpan.Zero)), change.Version);
    }

    [Fact]
    public void AWrongSignatureOrNoSignatureIsRefused()
    {
        var signed = SalesforceHarness.Request(SalesforceSamples.ApexAccountBody);
        var tampered = signed with { Body = [.. signed.Body.Append((byte)' ')] };
        var unsigned = SalesforceHarness.Request(SalesforceSamples.ApexAccountBody, headers: new HeaderDictionary());

        Assert.Throws<WebhookRejectedException>(() => harness.Connector.Verify(tampered));
        Assert.Throws<WebhookRejectedException>(() => harness.Connector.Verify(unsigned));
    }

    [Fact]
    public void AnOutboundMessageFromAnotherOrgIsRefused()
    {
        var otherOrg = SalesforceSamples.OutboundMessage.Replace(SalesforceSamples.OrganizationId, "00D5g000004XyZbEAK");

        harness.Connector.Verify(SalesforceHarness.Request(SalesforceSamples.OutboundMessage));
        var error = Assert.Throws<WebhookRejectedException>(() => harness.Connector.Verify(SalesforceHarness.Request(otherOrg)));

        Assert.Contains("00D5g000004XyZbEAK", error.Message);
    }

    [Fact]
    public async Task AnOutboundMessageIsReadBackAndAnsweredWithTheAck()
    {
        var account = SimIds.IdOf(SimEntity.Account, 7);
        var body = Assert.Single(await harness.ChangeAsync("outbound", new { type = "Account", id = account, operation = "update", fields = new { Name = "Read back" } }));
        await harness.ChangeAsync("apex", new { type = "Account", id = account, operation = "update", fields = new { Name = "Newer than the message" } });
        var request = SalesforceHarness.Request(body);

        harness.Connector.Verify(request);
        var change = Assert.Single(await harness.Connector.ParseAsync(request, CancellationToken.None));
        var ack = harness.Connector.Acknowledge(request, [new ChangeResult(change, AcceptOutcome.Accepted)]);

        Assert.Equal("\"Newer than the message\"", change.Fields["name"]);
        Assert.Equal(ChangeVersion.FromTimestamp(SimRecord.Epoch.AddSeconds(2)), change.Version);
        var text = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult>(ack);
        Assert.Equal(OutboundMessage.Ack, text.ResponseContent);
        Assert.StartsWith("text/xml", text.ContentType);
    }

    [Fact]
    public async Task ARecordDeletedBeforeItsOutboundMessageArrivesIsDeletedAsOfReceipt()
    {
        var contact = SimIds.IdOf(SimEntity.Contact, 3);
        var body = Assert.Single(await harness.ChangeAsync("outbound", new { type = "Contact", id = contact, operation = "update" }));
        await harness.ChangeAsync("apex", new { type = "Contact", id = contact, operation = "delete" });
        var receivedAt = DateTimeOffset.UtcNow;

        var change = Assert.Single(await harness.Connector.ParseAsync(SalesforceHarness.Request(body, receivedAt), CancellationToken.None));

        Assert.Equal((ChangeOperation.Delete, ChangeVersion.FromTimestamp(receivedAt)), (change.Operation, change.Version));
    }

    [Fact]
    public async Task ABurstOfOutboundMessagesSharesFewQueries()
    {
        var ids = Enumerable.Range(1, 300).Select(index => SimIds.IdOf(SimEntity.Account, index)).ToList();
        var bodies = await harness.ChangeAsync("outbound", [.. ids.Select(id => new { type = "Account", id, operation = "update" })]);
        var before = (long)(await harness.StatsAsync())["requests"]!;

        var parsed = await Task.WhenAll(bodies.Select(body => harness.Connector.ParseAsync(SalesforceHarness.Request(body), CancellationToken.None)));
        var queries = (long)(await harness.StatsAsync())["requests"]! - before;

        Assert.Equal(3, bodies.Count);
        Assert.Equal(ids.Order(), parsed.SelectMany(changes => changes).Select(change => change.SourceId).Order());
        Assert.InRange(queries, 2, 3);
    }

    [Fact]
    public async Task AFieldWithALoneSurrogateEscapeIsABadRequest()
    {
        var body = SalesforceSamples.ApexAccountBody.Replace("Acme Ltd", "Acme \\ud800");

        var error = await Assert.ThrowsAsync<WebhookFormatException>(() => harness.Connector.ParseAsync(SalesforceHarness.Request(body), CancellationToken.None));

        Assert.Contains("UTF-16", error.Message);
    }

    [Fact]
    public async Task AUrlThatNamesAnotherEntityIsABadRequest()
    {
        var request = SalesforceHarness.Request(SalesforceSamples.ApexAccountBody, entity: Entities.Contact);

        var error = await Assert.ThrowsAsync<WebhookFormatException>(() => harness.Connector.ParseAsync(request, CancellationToken.None));

        Assert.Contains("/webhooks/sf/account", error.Message);
    }

    [Fact]
    public async Task WithoutSecretOrOrganizationIdTheSourceTakesNoWebhooks()
    {
        await using var pullOnly = await SalesforceHarness.StartAsync(sourceSettings: new Dictionary<string, string?> { ["Secret"] = "", ["OrganizationId"] = "" });

        Assert.Contains("Secret", pullOnly.Connector.MissingWebhookCredentials(SalesforceHarness.Source));
        Assert.Null(harness.Connector.MissingWebhookCredentials(SalesforceHarness.Source));
    }
}
