namespace CrmSync.DataverseEmulator.Tests;

public sealed class MetadataTests
{
    [Fact]
    public async Task AnEntityDefinitionAnswersTheSelectedProperties()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var body = await emulator.GetJsonAsync(
            "EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,IsOptimisticConcurrencyEnabled");

        Assert.Equal($"{emulator.Client.BaseAddress}$metadata#EntityDefinitions(LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,IsOptimisticConcurrencyEnabled)/$entity",
            (string?)body["@odata.context"]);
        Assert.Equal(["@odata.context", "MetadataId", "LogicalName", "EntitySetName", "PrimaryIdAttribute", "PrimaryNameAttribute", "IsOptimisticConcurrencyEnabled"],
            body.Select(property => property.Key));
        Assert.Equal(("contacts", "contactid", "fullname", true),
            ((string?)body["EntitySetName"], (string?)body["PrimaryIdAttribute"], (string?)body["PrimaryNameAttribute"], (bool?)body["IsOptimisticConcurrencyEnabled"]));
    }

    [Fact]
    public async Task AnUnknownEntityIs404()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.SendAsync(HttpMethod.Get, "EntityDefinitions(LogicalName='incident')");

        Assert.Contains("'incident'", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.NotFound, "0x80041102"));
    }

    [Fact]
    public async Task AttributesListEveryColumnWithItsTypeAndValidity()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var attributes = (JsonArray)(await emulator.GetJsonAsync(
            "EntityDefinitions(LogicalName='account')/Attributes?$select=LogicalName,AttributeType,IsValidForCreate,IsValidForUpdate"))["value"]!;

        var byName = attributes.ToDictionary(attribute => (string)attribute!["LogicalName"]!, attribute => attribute!);
        Assert.Contains("msdyn_source_crm_url", byName.Keys);
        Assert.Equal("#Microsoft.Dynamics.CRM.PicklistAttributeMetadata", (string?)byName["msdyn_source_crm"]["@odata.type"]);
        Assert.Equal(("Picklist", true, true), ((string?)byName["msdyn_source_crm"]["AttributeType"], (bool?)byName["msdyn_source_crm"]["IsValidForCreate"], (bool?)byName["msdyn_source_crm"]["IsValidForUpdate"]));
        Assert.Equal(("Uniqueidentifier", true, false), ((string?)byName["accountid"]["AttributeType"], (bool?)byName["accountid"]["IsValidForCreate"], (bool?)byName["accountid"]["IsValidForUpdate"]));
        Assert.Equal((false, false), ((bool?)byName["createdon"]["IsValidForCreate"], (bool?)byName["createdon"]["IsValidForUpdate"]));
        Assert.Equal("Lookup", (string?)byName["parentaccountid"]["AttributeType"]);
    }

    [Fact]
    public async Task MetadataCollectionsFilterOnPropertiesAndEnumValues()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var entities = await emulator.GetRowsAsync("EntityDefinitions?$select=LogicalName,EntitySetName&$filter=LogicalName eq 'contact'");
        var choices = await emulator.GetRowsAsync(
            "EntityDefinitions(LogicalName='account')/Attributes?$select=LogicalName&$filter=AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'");

        Assert.Equal("contacts", (string?)Assert.Single(entities)!["EntitySetName"]);
        Assert.Equal(["industrycode", "customertypecode", "msdyn_source_crm"], choices.Select(choice => (string)choice!["LogicalName"]!));
    }

    [Fact]
    public async Task MaxLengthIsReadThroughTheStringTypeCast()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var strings = (JsonArray)(await emulator.GetJsonAsync(
            "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength"))["value"]!;
        using var uncast = await emulator.SendAsync(HttpMethod.Get, "EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,MaxLength");

        var lengths = strings.ToDictionary(attribute => (string)attribute!["LogicalName"]!, attribute => (int?)attribute!["MaxLength"]);
        Assert.Equal(50, lengths["lastname"]);
        Assert.Equal(100, lengths["msdyn_source_crm_id"]);
        Assert.DoesNotContain("birthdate", lengths.Keys);
        Assert.Equal("Could not find a property named 'MaxLength' on type 'Microsoft.Dynamics.CRM.AttributeMetadata'.",
            await TestEmulator.AssertErrorAsync(uncast, HttpStatusCode.BadRequest, "0x0"));
    }

    [Fact]
    public async Task OneAttributeIsReadByItsLogicalName()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var body = await emulator.GetJsonAsync("EntityDefinitions(LogicalName='account')/Attributes(LogicalName='name')");
        using var missing = await emulator.SendAsync(HttpMethod.Get, "EntityDefinitions(LogicalName='account')/Attributes(LogicalName='nope')");

        Assert.Equal(("name", "String", 160, true), ((string?)body["LogicalName"], (string?)body["AttributeType"], (int?)body["MaxLength"], (bool?)body["IsPrimaryName"]));
        await TestEmulator.AssertErrorAsync(missing, HttpStatusCode.NotFound, "0x80041102");
    }

    [Fact]
    public async Task KeysListTheActiveSourceKey()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var keys = (JsonArray)(await emulator.GetJsonAsync(
            "EntityDefinitions(LogicalName='contact')/Keys?$select=LogicalName,SchemaName,KeyAttributes,EntityKeyIndexStatus"))["value"]!;
        var expanded = await emulator.GetJsonAsync("EntityDefinitions(LogicalName='account')?$select=LogicalName&$expand=Keys($select=KeyAttributes)");

        var key = Assert.Single(keys)!;
        Assert.Equal("msdyn_source_crm_key", (string?)key["LogicalName"]);
        Assert.Equal("Active", (string?)key["EntityKeyIndexStatus"]);
        Assert.Equal(["msdyn_source_crm", "msdyn_source_crm_id"], ((JsonArray)key["KeyAttributes"]!).Select(name => (string)name!));
        Assert.Equal(2, ((JsonArray)expanded["Keys"]![0]!["KeyAttributes"]!).Count);
    }

    [Fact]
    public async Task TheSourceCrmOptionSetCarriesMicrosoftsValuesAndTheOtherCrms()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var options = await GetSourceCrmOptionsAsync(emulator, "account");

        Assert.Equal(2, options["ServiceNow"]);
        Assert.Equal(3, options["Zendesk"]);
        Assert.Equal(["ServiceNow", "Zendesk", "Salesforce", "HubSpot", "Dynamics 365", "Pipedrive", "Other"], options.Keys);
    }

    [Fact]
    public async Task ExtraSourceCrmOptionsAreConfiguredAndAccepted()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Schema:ExtraSourceCrmOptions:0:Value"] = "192350100",
            ["Emulator:Schema:ExtraSourceCrmOptions:0:Label"] = "Freshdesk",
        });

        var options = await GetSourceCrmOptionsAsync(emulator, "contact");
        using var write = await emulator.PatchAsync(Rows.ContactByKey("f-1", "192350100"), """{"lastname":"Fresh"}""");

        Assert.Equal(192350100, options["Freshdesk"]);
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
    }

    [Fact]
    public async Task ARemovedColumnIsAbsentFromMetadataAndUnknownToWrites()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Schema:RemoveColumns:0"] = "contact.msdyn_source_crm_url",
        });

        var contactColumns = (JsonArray)(await emulator.GetJsonAsync("EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName"))["value"]!;
        var accountColumns = (JsonArray)(await emulator.GetJsonAsync("EntityDefinitions(LogicalName='account')/Attributes?$select=LogicalName"))["value"]!;
        using var single = await emulator.SendAsync(HttpMethod.Get, "EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='msdyn_source_crm_url')");
        using var write = await emulator.PatchAsync(Rows.ContactByKey("c"), """{"lastname":"Lee","msdyn_source_crm_url":"https://x"}""");

        Assert.DoesNotContain("msdyn_source_crm_url", contactColumns.Select(column => (string)column!["LogicalName"]!));
        Assert.Contains("msdyn_source_crm_url", accountColumns.Select(column => (string)column!["LogicalName"]!));
        await TestEmulator.AssertErrorAsync(single, HttpStatusCode.NotFound, "0x80041102");
        Assert.Contains("Invalid property 'msdyn_source_crm_url'", await TestEmulator.AssertErrorAsync(write, HttpStatusCode.BadRequest, "0x0"));
    }

    [Fact]
    public async Task RemovingAKeyColumnRemovesTheKey()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Schema:RemoveColumns:0"] = "account.msdyn_source_crm_id",
        });

        var keys = (JsonArray)(await emulator.GetJsonAsync("EntityDefinitions(LogicalName='account')/Keys"))["value"]!;

        Assert.Empty(keys);
    }

    [Fact]
    public async Task AnInvalidSchemaConfigurationStopsTheEmulatorNamingTheEntry()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Schema:RemoveColumns:0"] = "contact.nosuchcolumn",
        }));

        Assert.Contains("contact.nosuchcolumn", error.Message);
    }

    [Theory]
    [InlineData("sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'account'")]
    [InlineData("sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq @message and primaryobjecttypecode eq @table&@message='UpdateMultiple'&@table='contact'")]
    public async Task SdkMessageFiltersFindTheBulkMessages(string url)
    {
        await using var emulator = await TestEmulator.StartAsync();

        var rows = await emulator.GetRowsAsync(url);

        var row = Assert.Single(rows)!;
        Assert.True(Guid.TryParse((string?)row["sdkmessagefilterid"], out _));
    }

    [Fact]
    public async Task WithBulkMessagesOffSdkMessageFiltersFindNone()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:BulkMessages"] = "false" });

        var bulk = await emulator.GetRowsAsync("sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'account'");
        var create = await emulator.GetRowsAsync("sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq 'Create' and primaryobjecttypecode eq 'account'");

        Assert.Empty(bulk);
        Assert.Single(create);
    }

    [Fact]
    public async Task UpsertMultipleIsNeverListedEvenWhereItWorks()
    {
        await using var emulator = await TestEmulator.StartAsync();

        Assert.Empty(await emulator.GetRowsAsync("sdkmessagefilters?$filter=sdkmessageid/name eq 'UpsertMultiple' and primaryobjecttypecode eq 'account'"));
    }

    private static async Task<Dictionary<string, int>> GetSourceCrmOptionsAsync(TestEmulator emulator, string table)
    {
        var body = await emulator.GetJsonAsync(
            $"EntityDefinitions(LogicalName='{table}')/Attributes(LogicalName='msdyn_source_crm')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet");
        return ((JsonArray)body["OptionSet"]!["Options"]!).ToDictionary(
            option => (string)option!["Label"]!["UserLocalizedLabel"]!["Label"]!,
            option => (int)option!["Value"]!);
    }
}
