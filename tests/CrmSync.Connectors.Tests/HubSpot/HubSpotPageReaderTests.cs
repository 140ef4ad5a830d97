using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.Connectors.Tests.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.HubSpot;

public sealed class HubSpotPageReaderTests(HubSpotSource hubSpot) : IClassFixture<HubSpotSource>
{
    [Theory]
    [InlineData(Entities.Account, HubSpotSource.Companies)]
    [InlineData(Entities.Contact, HubSpotSource.Contacts)]
    public async Task EveryRecordIsReadOnceInPagesOfAHundred(string entity, int count)
    {
        await hubSpot.ResetAsync();

        var pages = await hubSpot.Services.Reader().ReadAllAsync(HubSpotSource.Name, entity);

        var ids = pages.SelectMany(p => p.Changes).Select(c => c.SourceId).ToList();
        Assert.Equal(count, ids.Distinct().Count());
        Assert.Equal(count, ids.Count);
        Assert.Equal((count + 99) / 100, pages.Count);
        Assert.Equal(pages.Count, await hubSpot.ApiRequestsAsync());
    }

    [Fact]
    public async Task AContactBecomesAWholeRecordWithItsPrimaryCompanyLinkAndUpdatedAt()
    {
        await hubSpot.ResetAsync();
        var simulated = (await hubSpot.Control.GetFromJsonAsync<JsonObject>("simulator/records/contact/C0000003"))!;

        var page = await hubSpot.Services.Reader().ReadPageAsync(HubSpotSource.Name, Entities.Contact, null, CancellationToken.None);

        var contact = page.Changes.Single(c => c.SourceId == "3");
        Assert.True(contact.IsComplete);
        Assert.Equal(ChangeOperation.Upsert, contact.Operation);
        Assert.Equal($"\"{simulated["firstName"]}\"", contact.Fields["firstname"]);
        Assert.Equal($"\"{simulated["email"]}\"", contact.Fields["emailaddress1"]);
        var company = (string?)simulated["accountId"];
        Assert.Equal(company is null ? "null" : $"\"{int.Parse(company[1..])}\"", contact.Fields[RecordFields.ParentAccountId]);
        Assert.Equal("\"https://app.hubspot.com/contacts/62515/record/0-1/3\"", contact.Fields[RecordFields.SourceUrl]);
        Assert.Equal(ChangeVersion.FromTimestamp(DateTimeOffset.Parse((string)simulated["updatedAt"]!)), contact.Version);
    }

    [Fact]
    public async Task ACompanyLinksToTypeZeroTwo()
    {
        var page = await hubSpot.Services.Reader().ReadPageAsync(HubSpotSource.Name, Entities.Account, null, CancellationToken.None);

        Assert.Equal("\"https://app.hubspot.com/contacts/62515/record/0-2/1\"", page.Changes[0].Fields[RecordFields.SourceUrl]);
        Assert.DoesNotContain(RecordFields.ParentAccountId, page.Changes[0].Fields.Keys);
    }

    [Fact]
    public async Task AMappingSettingChangesWhichPropertyIsReadAndAsked()
    {
        var settings = HubSpotSource.Settings(hubSpot.Address, "mapped");
        settings["CrmSync:Sources:mapped:Mapping:contact:jobtitle"] = "properties.email";
        settings["CrmSync:Sources:mapped:Mapping:contact:emailaddress1"] = "";
        await using var services = RestReaders.Create(settings);

        var page = await services.GetRequiredService<ISourcePageReader>().ReadPageAsync("mapped", Entities.Contact, null, CancellationToken.None);

        Assert.DoesNotContain("emailaddress1", page.Changes[0].Fields.Keys);
        Assert.EndsWith("@example.com\"", page.Changes[0].Fields["jobtitle"]);
    }

    [Fact]
    public async Task AWrongTokenFailsTheJobNamingTheSetting()
    {
        var settings = HubSpotSource.Settings(hubSpot.Address, "wrong");
        settings["CrmSync:Sources:wrong:AccessToken"] = "expired";
        await using var services = RestReaders.Create(settings);

        var failure = await Assert.ThrowsAsync<SourceReadException>(() => services.GetRequiredService<ISourcePageReader>().ReadPageAsync("wrong", Entities.Account, null, CancellationToken.None));

        Assert.Contains("CrmSync:Sources:wrong:AccessToken", failure.Message);
    }
}
