using CrmSync.Connectors.Tests.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Tests;

public sealed class PollValidationTests
{
    [Fact]
    public void AnIntervalUnderASecondANegativeOverlapAndAKindThatCannotPollEachStopStartUpNamingTheSetting()
    {
        var failures = Failures(new()
        {
            ["CrmSync:Sources:fast:Kind"] = "Rest",
            ["CrmSync:Sources:fast:BaseUrl"] = "https://crm.example.com/",
            ["CrmSync:Sources:fast:Entities:account:Path"] = "accounts",
            ["CrmSync:Sources:fast:Entities:account:Paging:Style"] = "LinkHeader",
            ["CrmSync:Sources:fast:Entities:account:Id"] = "id",
            ["CrmSync:Sources:fast:Poll:Interval"] = "00:00:00.200",
            ["CrmSync:Sources:fast:Poll:Overlap"] = "-00:00:05",
            ["CrmSync:Sources:hooks:Kind"] = "Generic",
            ["CrmSync:Sources:hooks:Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ["CrmSync:Sources:hooks:Poll:Interval"] = "00:01:00",
        });

        Assert.Contains(failures, f => f.StartsWith("CrmSync:Sources:fast:Poll:Interval is 00:00:00.2000000; set it to 00:00:01 or more", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("CrmSync:Sources:fast:Poll:Overlap is -00:00:05; set it to zero or more", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("CrmSync:Sources:hooks:Poll:Interval is set, but a Generic source cannot be polled yet", StringComparison.Ordinal));
    }

    [Fact]
    public void ASourceWithoutPollSettingsOrWithSaneOnesStarts()
    {
        Assert.Empty(Failures(new()
        {
            ["CrmSync:Sources:hooks:Kind"] = "Generic",
            ["CrmSync:Sources:hooks:Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ["CrmSync:Sources:d365:Kind"] = "Dynamics365",
            ["CrmSync:Sources:d365:ConnectionString"] = "Url=http://127.0.0.1:5999",
            ["CrmSync:Sources:d365:Poll:Interval"] = "00:00:01",
            ["CrmSync:Sources:d365:Poll:Overlap"] = "00:00:00",
        }));
    }

    private static IReadOnlyList<string> Failures(Dictionary<string, string?> settings)
    {
        using var services = RestReaders.Create(settings);
        try
        {
            _ = services.GetRequiredService<IOptions<CrmSyncOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures.Where(failure => failure.Contains(":Poll:", StringComparison.Ordinal))];
        }
    }
}
