using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Salesforce;

/// <summary>Checks a Salesforce source's settings; each failure names the setting and says what to put there.</summary>
public sealed partial class SalesforceSourceValidation : IValidateOptions<SalesforceSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, SalesforceSourceOptions options)
    {
        var prefix = SourceSettings.Prefix(name ?? Options.DefaultName);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.InstanceUrl, UriKind.Absolute, out var instance) || instance.Scheme is not ("http" or "https"))
        {
            failures.Add($"{prefix}:InstanceUrl '{options.InstanceUrl}' is not an absolute URL; set it to the org's My Domain URL, e.g. https://acme.my.salesforce.com.");
        }

        if (string.IsNullOrEmpty(options.ClientId) || string.IsNullOrEmpty(options.ClientSecret))
        {
            failures.Add($"{prefix}:ClientId and {prefix}:ClientSecret must both be set to the connected app's consumer key and secret (client credentials flow), in the environment or user secrets.");
        }

        if (!ApiVersionFormat().IsMatch(options.ApiVersion ?? ""))
        {
            failures.Add($"{prefix}:ApiVersion '{options.ApiVersion}' is not a REST API version; write it as {SalesforceSourceOptions.DefaultApiVersion}.");
        }

        if (options.OrganizationId is { Length: > 0 } org && (SalesforceIds.Normalize(org) is null || !org.StartsWith("00D", StringComparison.Ordinal)))
        {
            failures.Add($"{prefix}:OrganizationId '{org}' is not an org id; copy it from Setup > Company Information (it starts 00D).");
        }

        if (options.ReadBackDelay < TimeSpan.Zero || options.ReadBackDelay > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{prefix}:ReadBackDelay {options.ReadBackDelay} must be between 00:00:00 and 00:00:10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^v\d{2,3}\.\d$")]
    private static partial Regex ApiVersionFormat();
}
