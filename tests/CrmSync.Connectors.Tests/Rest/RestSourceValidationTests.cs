using CrmSync.Connectors.Rest;
using Microsoft.Extensions.Configuration;

namespace CrmSync.Connectors.Tests.Rest;

public class RestSourceValidationTests
{
    private const string Entity = "CrmSync:Sources:demo:Entities:account";

    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["CrmSync:Sources:demo:Kind"] = "Rest",
        ["CrmSync:Sources:demo:BaseUrl"] = "https://crm.example.com/api",
        ["CrmSync:Sources:demo:Auth:Type"] = "bearer",
        ["CrmSync:Sources:demo:Auth:Token"] = "t0ken",
        [$"{Entity}:Path"] = "accounts",
        [$"{Entity}:Records"] = "$.items",
        [$"{Entity}:Paging:Style"] = "offset",
        [$"{Entity}:Paging:OffsetParam"] = "offset",
        [$"{Entity}:Paging:PageSizeParam"] = "limit",
        [$"{Entity}:Paging:PageSize"] = "250",
        [$"{Entity}:Id"] = "id",
        [$"{Entity}:Version"] = "$.meta.version",
        [$"{Entity}:UrlTemplate"] = "https://crm.example.com/accounts/{id}",
        [$"{Entity}:Fields:name"] = "$.name",
        [$"{Entity}:Fields:telephone1"] = "phones[0].number",
    };

    [Fact]
    public void BindsAndAcceptsACompleteSource()
    {
        var options = Bind(Valid);
        Assert.Empty(RestSourceValidation.Check("demo", options));
        Assert.Equal(RestAuthType.Bearer, options.Auth.ParsedType);
        var account = options.Entities["account"];
        Assert.Equal((RestPagingStyle.Offset, 250), (account.Paging.ParsedStyle, account.Paging.PageSize));
        Assert.Equal("phones[0].number", account.Fields["telephone1"]);
    }

    [Theory]
    [InlineData($"{Entity}:Paging:Style", "Foo", "CrmSync:Sources:demo:Entities:account:Paging:Style 'Foo' is unknown; use Offset, Page, Cursor, NextUrl or LinkHeader.")]
    [InlineData($"{Entity}:Paging:Style", "2", "CrmSync:Sources:demo:Entities:account:Paging:Style '2' is unknown; use Offset, Page, Cursor, NextUrl or LinkHeader.")]
    [InlineData("CrmSync:Sources:demo:Auth:Type", "Digest", "CrmSync:Sources:demo:Auth:Type 'Digest' is unknown; use None, Basic, Bearer or ApiKey.")]
    [InlineData("CrmSync:Sources:demo:Auth:Token", "", "CrmSync:Sources:demo:Auth:Token must be set when CrmSync:Sources:demo:Auth:Type is Bearer; put credentials in the environment or user secrets.")]
    [InlineData("CrmSync:Sources:demo:BaseUrl", "crm.example.com/api", "CrmSync:Sources:demo:BaseUrl 'crm.example.com/api' is not an absolute http(s) URL; set it to the API's root, e.g. https://crm.example.com/api/.")]
    [InlineData($"{Entity}:Paging:OffsetParam", "", "CrmSync:Sources:demo:Entities:account:Paging:OffsetParam is missing; Style Offset needs the name of that query parameter.")]
    [InlineData($"{Entity}:Paging:PageSize", "0", "CrmSync:Sources:demo:Entities:account:Paging:PageSize 0 is not a page size")]
    [InlineData($"{Entity}:Version", "", "CrmSync:Sources:demo:Entities:account:Version is missing; set it to a JSON path such as $.id.")]
    [InlineData($"{Entity}:Records", "$..items", "CrmSync:Sources:demo:Entities:account:Records '$..items' is not a JSON path this connector reads")]
    [InlineData($"{Entity}:Fields:name", "$.names[first]", "CrmSync:Sources:demo:Entities:account:Fields:name '$.names[first]' is not a JSON path")]
    [InlineData($"{Entity}:Fields:firstname", "$.first", "CrmSync:Sources:demo:Entities:account:Fields:firstname is not a column CrmSync writes on account; use one of")]
    [InlineData($"{Entity}:ParentAccountId", "$.parent", "CrmSync:Sources:demo:Entities:account:ParentAccountId belongs to contacts only; remove it from account.")]
    [InlineData($"{Entity}:Url", "$.link", "CrmSync:Sources:demo:Entities:account:Url and CrmSync:Sources:demo:Entities:account:UrlTemplate are both set")]
    [InlineData($"{Entity}:UrlTemplate", "https://crm.example.com/accounts", "CrmSync:Sources:demo:Entities:account:UrlTemplate 'https://crm.example.com/accounts' must be an absolute URL containing {id}")]
    [InlineData("CrmSync:Sources:demo:Entities:lead:Path", "leads", "CrmSync:Sources:demo:Entities:lead is not an entity CrmSync syncs; use account or contact.")]
    public void NamesTheSettingAndWhatToDo(string key, string value, string expected)
    {
        var failure = Assert.Single(RestSourceValidation.Check("demo", Bind(With(key, value))));
        Assert.StartsWith(expected, failure);
        Assert.EndsWith(".", failure);
    }

    [Theory]
    [InlineData("Basic", "Username and Password")]
    [InlineData("ApiKey", "Header and Value")]
    public void EachAuthTypeAsksForItsCredentials(string type, string missing)
    {
        var failure = Assert.Single(RestSourceValidation.Check("demo", Bind(With("CrmSync:Sources:demo:Auth:Type", type))));
        Assert.StartsWith($"CrmSync:Sources:demo:Auth:{missing} must be set when CrmSync:Sources:demo:Auth:Type is {type}", failure);
    }

    [Theory]
    [InlineData("Page", "PageParam")]
    [InlineData("Cursor", "CursorParam")]
    [InlineData("Cursor", "CursorPath")]
    [InlineData("NextUrl", "NextUrlPath")]
    public void EachPagingStyleAsksForItsSettings(string style, string setting)
    {
        var failures = RestSourceValidation.Check("demo", Bind(With($"{Entity}:Paging:Style", style)));
        Assert.Contains(failures, f => f.StartsWith($"{Entity}:Paging:{setting} is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void LinkHeaderPagingNeedsNoParameters() =>
        Assert.Empty(RestSourceValidation.Check("demo", Bind(With($"{Entity}:Paging:Style", "LinkHeader"))));

    [Fact]
    public void ASourceWithoutEntitiesSaysWhatToConfigure()
    {
        var settings = Valid.Where(s => !s.Key.StartsWith(Entity, StringComparison.Ordinal)).ToDictionary();
        Assert.StartsWith("CrmSync:Sources:demo:Entities is empty", Assert.Single(RestSourceValidation.Check("demo", Bind(settings))));
    }

    [Fact]
    public void ListsEveryFailureAtOnce() =>
        Assert.Equal(3, RestSourceValidation.Check("demo", Bind(With($"{Entity}:Id", "", With($"{Entity}:Records", "", With("CrmSync:Sources:demo:BaseUrl", ""))))).Count);

    private static Dictionary<string, string?> With(string key, string value, Dictionary<string, string?>? settings = null) =>
        new(settings ?? Valid) { [key] = value };

    private static RestSourceOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new RestSourceOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(SourceSettings.Prefix("demo")).Bind(options);
        return options;
    }
}
