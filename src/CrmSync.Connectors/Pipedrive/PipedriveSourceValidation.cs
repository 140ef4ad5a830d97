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
        if (options.BaseUrl is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
            {
                failures.Add($"{prefix}:BaseUrl '{url}' is not an absolute http(s) URL; leave it out and set CompanyDomain, or point it at the API's root.");
            }
        }
        else if (options.CompanyDomain is not { Length: > 0 } domain || !domain.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            failures.Add($"{prefix}:CompanyDomain '{options.CompanyDomain}' is not a Pipedrive company domain; set it to 'acme' for https://acme.pipedrive.com.");
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
