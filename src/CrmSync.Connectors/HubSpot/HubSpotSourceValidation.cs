using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.HubSpot;

/// <summary>Checks a HubSpot source's settings (named options: the name is the source's); each failure names the setting.</summary>
public sealed class HubSpotSourceValidation : IValidateOptions<HubSpotSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, HubSpotSourceOptions options)
    {
        var prefix = SourceSettings.Prefix(name ?? Options.DefaultName);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccessToken))
        {
            failures.Add($"{prefix}:AccessToken is missing; set it to the private app's access token (with crm.objects.contacts.read and crm.objects.companies.read) in the environment or user secrets.");
        }

        if (string.IsNullOrWhiteSpace(options.PortalId) || !options.PortalId.All(char.IsAsciiDigit))
        {
            failures.Add($"{prefix}:PortalId '{options.PortalId}' is not a HubSpot account id; set it to the number shown under Account & Billing, used in the records' links.");
        }

        foreach (var (setting, value) in new[] { ("BaseUrl", options.BaseUrl), ("AppUrl", options.AppUrl) })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                failures.Add($"{prefix}:{setting} '{value}' is not an absolute http(s) URL; leave it out for HubSpot's own.");
            }
        }

        if (options.SearchPageSize is < 1 or > 200 || options.SearchResultLimit < options.SearchPageSize)
        {
            failures.Add($"{prefix}:SearchPageSize must be 1 to 200 (HubSpot's search limit), and SearchResultLimit (10,000) no smaller.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
