using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Tests.Rest;

public class SourcePageReadersTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["CrmSync:Sources:hooks:Kind"] = "Generic",
        ["CrmSync:Sources:hooks:Secret"] = Secret,
        ["CrmSync:Sources:crm:Kind"] = "Rest",
        ["CrmSync:Sources:crm:BaseUrl"] = "http://127.0.0.1:9/api",
        ["CrmSync:Sources:crm:Entities:account:Path"] = "accounts",
        ["CrmSync:Sources:crm:Entities:account:Paging:Style"] = "LinkHeader",
        ["CrmSync:Sources:crm:Entities:account:Id"] = "id",
        ["CrmSync:Sources:crm:Entities:account:Version"] = "version",
    };

    [Theory]
    [InlineData("nowhere", "account", "No source named 'nowhere' is configured; add it under CrmSync:Sources:nowhere with a Kind that can be read (Rest, ServiceNow, Salesforce, …) to sync it.")]
    [InlineData("hooks", "account", "Source 'hooks' is a Generic (webhook-only) source; set CrmSync:Sources:hooks:Kind to Rest with its BaseUrl and Entities to sync it.")]
    [InlineData("crm", "contact", "Source 'crm' has no settings for contact; add CrmSync:Sources:crm:Entities:contact (Path, Paging, Id, Version, Fields) to sync them.")]
    [InlineData("crm", "lead", "'lead' is not an entity CrmSync syncs; use account or contact.")]
    public async Task SaysWhySourceCannotBeRead(string source, string entity, string expected)
    {
        using var services = RestReaders.Create(Settings);
        var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(source, entity, null, CancellationToken.None));
        Assert.Equal(expected, refused.Message);
    }

    [Fact]
    public void StartUpFailsWhileARestSourceIsMisconfigured()
    {
        using var services = RestReaders.Create(new Dictionary<string, string?>(Settings) { ["CrmSync:Sources:crm:Entities:account:Paging:Style"] = "Foo" });
        var failed = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<CrmSyncOptions>>().CurrentValue);
        Assert.Equal("CrmSync:Sources:crm:Entities:account:Paging:Style 'Foo' is unknown; use Offset, Page, Cursor, NextUrl or LinkHeader.", Assert.Single(failed.Failures));
    }

    [Fact]
    public async Task ARestSourceWebhookIsVerifiedAndParsedInTheGenericFormat()
    {
        using var services = RestReaders.Create(new Dictionary<string, string?>(Settings) { ["CrmSync:Sources:crm:Secret"] = Secret });
        var connector = services.GetServices<IWebhookConnector>().Single(c => c.Kind == SourceKind.Rest);
        var body = Encoding.UTF8.GetBytes("""{"entity":"account","id":"A0000001","version":2,"fields":{"name":"Contoso"}}""");
        var now = DateTimeOffset.UtcNow;
        var headers = new HeaderDictionary
        {
            [StandardWebhookSignature.IdHeader] = "msg_1",
            [StandardWebhookSignature.TimestampHeader] = now.ToUnixTimeSeconds().ToString(),
            [StandardWebhookSignature.SignatureHeader] = StandardWebhookSignature.Sign(Secret, "msg_1", now.ToUnixTimeSeconds(), body),
        };
        var request = new WebhookRequest("crm", "POST", new Uri("http://127.0.0.1/webhooks/crm"), headers, body, null, now);

        connector.Verify(request);
        Assert.Equal(ChangeVersion.FromInteger(2), Assert.Single(await connector.ParseAsync(request, CancellationToken.None)).Version);
        Assert.Throws<WebhookRejectedException>(() => connector.Verify(request with { Body = [.. body, (byte)' '] }));
    }
}
