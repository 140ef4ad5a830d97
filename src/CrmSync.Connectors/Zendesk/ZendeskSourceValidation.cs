using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Zendesk;

/// <summary>Checks a Zendesk source's settings; each failure names the setting and says what to put there.</summary>
public sealed class ZendeskSourceValidation : IValidateOptions<ZendeskSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, ZendeskSourceOptions options)
    {
        var failures = Check(name ?? Options.DefaultName, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Check(string source, ZendeskSourceOptions options)
    {
        var failures = new List<string>();
        var prefix = SourceSettings.Prefix(source);
        if (HostedAccountSetting.Problem(prefix, options.BaseUrl, "Subdomain", options.Subdomain, "https://acme.zendesk.com") is { } where)
        {
            failures.Add(where);
        }

        var hasOAuth = !string.IsNullOrEmpty(options.Token);
        var hasApi = !string.IsNullOrEmpty(options.Email) && !string.IsNullOrEmpty(options.ApiToken);
        if (hasOAuth == hasApi)
        {
            failures.Add($"{prefix}: set either Email and ApiToken (an API token) or Token (an OAuth access token) to read Zendesk's API, not both and not neither.");
        }

        if (options.ReadBackBatch is < 1 or > 100)
        {
            failures.Add($"{prefix}:ReadBackBatch must be between 1 and 100 (show_many takes at most 100 ids).");
        }

        if (options.ExportPageSize is < 1 or > 1000)
        {
            failures.Add($"{prefix}:ExportPageSize must be between 1 and 1000 (the incremental export's per_page takes at most 1,000).");
        }

        if (options.SignatureWindow <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:SignatureWindow must be positive, e.g. 00:10:00.");
        }

        return failures;
    }
}
