using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace CrmSync.Connectors.Tests.Shared;

public sealed class SourceMappingsTests
{
    private static readonly KindMapping Defaults = new(SourceKind.ServiceNow, new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [Entities.Account] = new Dictionary<string, string> { ["name"] = "name", ["telephone1"] = "phone", ["websiteurl"] = "website" },
        [Entities.Contact] = new Dictionary<string, string> { ["lastname"] = "last_name", ["parentcustomerid"] = "account" },
    });

    [Fact]
    public void SettingsChangeAddAndDropDefaultColumns()
    {
        var mappings = Mappings(new()
        {
            ["CrmSync:Sources:sn:Mapping:account:telephone1"] = "u_main_phone",
            ["CrmSync:Sources:sn:Mapping:account:websiteurl"] = "",
            ["CrmSync:Sources:sn:Mapping:account:description"] = "notes.text",
        });

        var account = mappings.For("sn", SourceKind.ServiceNow, Entities.Account);

        Assert.Equal(
            ["description=notes.text", "name=name", "telephone1=u_main_phone"],
            account.Columns.Select(c => $"{c.Column}={c.Field}").Order());
        Assert.Equal(["name", "notes", "u_main_phone"], account.SourceFields.Order());
        Assert.Empty(mappings.Check("sn", SourceKind.ServiceNow));
    }

    [Fact]
    public void AppliedToARecordEmptyAndMissingFieldsAreNullAndTheParentIsAnId()
    {
        var contact = Mappings([]).For("sn", SourceKind.ServiceNow, Entities.Contact);
        using var record = JsonDocument.Parse("""{"last_name":"","account":1234}""");

        var values = contact.Apply(record.RootElement, (_, problem) => new InvalidOperationException(problem));

        Assert.Equal("null", values["lastname"]);
        Assert.Equal("\"1234\"", values[RecordFields.ParentAccountId]);
    }

    [Fact]
    public void AnObjectWhereAColumnValueBelongsIsRefusedNamingTheColumn()
    {
        var account = Mappings([]).For("sn", SourceKind.ServiceNow, Entities.Account);
        using var record = JsonDocument.Parse("""{"name":{"value":"Contoso"}}""");

        var refused = Assert.Throws<InvalidOperationException>(() => account.Apply(record.RootElement, (column, problem) => new InvalidOperationException($"{column}: {problem}")));

        Assert.Equal("name: holds Object at 'name' where a string, number, boolean or null belongs", refused.Message);
    }

    [Theory]
    [InlineData("CrmSync:Sources:sn:Mapping:account:shoesize", "u_shoe", "CrmSync:Sources:sn:Mapping:account:shoesize: Dataverse's account table has no column 'shoesize' that CrmSync writes")]
    [InlineData("CrmSync:Sources:sn:Mapping:lead:name", "name", "CrmSync:Sources:sn:Mapping:lead is not an entity CrmSync syncs")]
    [InlineData("CrmSync:Sources:sn:Mapping:contact:firstname", "a..b", "CrmSync:Sources:sn:Mapping:contact:firstname 'a..b' is not a field name or path")]
    [InlineData("CrmSync:Sources:sn:Mapping:account:parentcustomerid", "parent", "CrmSync:Sources:sn:Mapping:account:parentcustomerid: Dataverse's account table has no column 'parentcustomerid'")]
    public void AMistakeIsAStartUpErrorThatNamesTheSetting(string key, string value, string expected)
    {
        var failure = Assert.Single(Mappings(new() { [key] = value }).Check("sn", SourceKind.ServiceNow));

        Assert.StartsWith(expected, failure);
    }

    [Fact]
    public void AKindWithoutAMappingRefusesOne() =>
        Assert.StartsWith(
            "CrmSync:Sources:hooks:Mapping is set, but a Generic source takes no Mapping",
            Assert.Single(Mappings(new() { ["CrmSync:Sources:hooks:Mapping:account:name"] = "n" }).Check("hooks", SourceKind.Generic)));

    private static SourceMappings Mappings(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), [Defaults]);
}
