using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.Testing.Salesforce;

namespace CrmSync.Salesforce.Apex.Tests;

/// <summary>
/// The bodies the Apex test classes assert, read from the .cls files, checked against CONTRACT.md and issue 10's
/// default mapping: if the Apex changes its body, these fail before the connector misreads it.
/// </summary>
public sealed class ApexBodyContractTests
{
    private static readonly string[] Operations = ["insert", "update", "delete", "undelete"];

    private static readonly Dictionary<string, string[]> MappedFields = new()
    {
        ["Account"] = ["Name", "Phone", "Website", "AccountNumber", "BillingStreet", "BillingCity", "BillingPostalCode", "BillingCountry"],
        ["Contact"] = ["FirstName", "LastName", "Email", "Phone", "MobilePhone", "Title", "AccountId"],
    };

    private static readonly Dictionary<string, string> KeyPrefixes = new() { ["Account"] = "001", ["Contact"] = "003" };

    [Fact]
    public void TheAccountBodyIsAnUpdateWithEveryMappedField()
    {
        var record = Assert.Single(Records(SalesforceSamples.ApexAccountBody, "update"));

        AssertRecordShape(record, "Account");
        Assert.Equal(MappedFields["Account"].Order(), FieldsBeyondIdentity(record).Order());
    }

    [Fact]
    public void TheContactBodyIsAnInsertWithEveryMappedFieldAndItsAccount()
    {
        var record = Assert.Single(Records(SalesforceSamples.ApexContactBody, "insert"));

        AssertRecordShape(record, "Contact");
        Assert.Equal(MappedFields["Contact"].Order(), FieldsBeyondIdentity(record).Order());
        Assert.True(SalesforceIdOracle.IsValid18((string?)record["AccountId"], "001"));
    }

    [Fact]
    public void TheDeleteBodyCarriesOnlyTheIdAndTheTimeOfDeletion()
    {
        var deleted = Assert.Single(Records(SalesforceSamples.ApexDeleteBody, "delete"));
        var account = Assert.Single(Records(SalesforceSamples.ApexAccountBody, "update"));

        AssertRecordShape(deleted, "Account");
        Assert.Empty(FieldsBeyondIdentity(deleted));
        Assert.Equal((string?)account["Id"], (string?)deleted["Id"]);
        Assert.True(Modstamp(deleted) > Modstamp(account), "a delete orders after the record's last update");
    }

    [Fact]
    public void TheApexSignsTheStandardWebhooksTestVector()
    {
        const string signerTest = "CrmSyncSignerTest";
        var secret = ApexSource.StringConstant(signerTest, "SECRET");
        var message = $"{ApexSource.StringConstant(signerTest, "VECTOR_ID")}.{ApexSource.LongConstant(signerTest, "VECTOR_TIMESTAMP")}.{ApexSource.StringConstant(signerTest, "VECTOR_BODY")}";

        var mac = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes(message));

        Assert.Equal(SalesforceSamples.ApexSecret, secret);
        Assert.Equal(ApexSource.StringConstant(signerTest, "VECTOR_SIGNATURE"), "v1," + Convert.ToBase64String(mac));
    }

    [Fact]
    public void AnUnknownConstantIsNamedInTheError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ApexSource.StringConstant("CrmSyncPushJobTest", "NO_SUCH_BODY"));

        Assert.Contains("NO_SUCH_BODY", error.Message);
    }

    private static JsonObject[] Records(string body, string operation)
    {
        var envelope = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(["operation", "records"], envelope.Select(property => property.Key).Order());
        Assert.Equal(operation, (string?)envelope["operation"]);
        Assert.Contains(operation, Operations);
        var records = envelope["records"]!.AsArray();
        Assert.InRange(records.Count, 1, 200);
        return [.. records.Select(record => record!.AsObject())];
    }

    private static void AssertRecordShape(JsonObject record, string type)
    {
        var id = (string?)record["Id"];
        Assert.Equal(type, (string?)record["attributes"]!["type"]);
        Assert.Equal($"/services/data/v62.0/sobjects/{type}/{id}", (string?)record["attributes"]!["url"]);
        Assert.True(SalesforceIdOracle.IsValid18(id, KeyPrefixes[type]), $"'{id}' is not an 18-character {type} id");
        Modstamp(record);
    }

    /// <summary>SystemModstamp as Salesforce's JSON writes it: milliseconds and +0000, no colon.</summary>
    private static DateTimeOffset Modstamp(JsonObject record) =>
        DateTimeOffset.ParseExact((string)record["SystemModstamp"]!, "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string[] FieldsBeyondIdentity(JsonObject record) =>
        [.. record.Select(property => property.Key).Except(["attributes", "Id", "SystemModstamp"])];
}
