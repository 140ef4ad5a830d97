using CrmSync.Connectors.Tests.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Tests.Salesforce;

public sealed class SalesforceSettingsTests
{
    [Fact]
    public void WrongSettingsStopStartUpNamingEachSetting()
    {
        var failures = Failures(new()
        {
            ["InstanceUrl"] = "acme.my.salesforce.com",
            ["ClientId"] = "id",
            ["ApiVersion"] = "62",
            ["OrganizationId"] = "001xx000003DGb2AAG",
            ["Mapping:account:nosuchcolumn"] = "Name",
        });

        Assert.Contains(failures, f => f.StartsWith("CrmSync:Sources:sf:InstanceUrl 'acme.my.salesforce.com'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("CrmSync:Sources:sf:ClientSecret must both be set", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("CrmSync:Sources:sf:ApiVersion '62'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("CrmSync:Sources:sf:OrganizationId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("CrmSync:Sources:sf:Mapping:account:nosuchcolumn", StringComparison.Ordinal));
    }

    [Fact]
    public void GoodSettingsPassWithAFifteenCharacterOrgId() => Assert.Empty(Failures(new()
    {
        ["InstanceUrl"] = "https://acme.my.salesforce.com",
        ["ClientId"] = "id",
        ["ClientSecret"] = "secret",
        ["OrganizationId"] = "00D5g000004XyZa",
    }));

    private static List<string> Failures(Dictionary<string, string?> settings)
    {
        var all = settings.ToDictionary(s => $"CrmSync:Sources:sf:{s.Key}", s => s.Value);
        all["CrmSync:Sources:sf:Kind"] = "Salesforce";
        using var services = RestReaders.Create(all);
        try
        {
            _ = services.GetRequiredService<IOptions<CrmSyncOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
    }
}
