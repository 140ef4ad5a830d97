using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Pipedrive;

/// <summary>Checks a Pipedrive source's settings; each failure names the setting and says what to put there.</summary>
public sealed class PipedriveSourceValidation : IValidateOptions<PipedriveSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, PipedriveSourceOptions options)
    {
        var failures = Check(name ?? Options.DefaultName, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Check(string source, PipedriveSourceOptions options)
    {
        var failures = new List<string>();
        var prefix = SourceSettings.Prefix(source);
        if (HostedAccountSetting.Problem(prefix, options.BaseUrl, "CompanyDomain", options.CompanyDomain, "https://acme.pipedrive.com") is { } where)
        {
            failures.Add(where);
        }

        if (string.IsNullOrEmpty(options.ApiToken))
        {
            failures.Add($"{prefix}:ApiToken is needed to read Pipedrive's API; set it to a personal API token (Personal preferences › API).");
        }

        if (string.IsNullOrEmpty(options.WebhookUsername) != string.IsNullOrEmpty(options.WebhookPassword))
        {
            failures.Add($"{prefix}:WebhookUsername and {prefix}:WebhookPassword go together; set both to the webhook's http_auth_user and http_auth_password, or neither.");
        }

        if (options.PageSize is < 1 or > 500)
        {
            failures.Add($"{prefix}:PageSize must be between 1 and 500.");
        }

        return failures;
    }
}
