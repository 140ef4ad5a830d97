using CrmSync.Connectors.Rest;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>Checks a ServiceNow source's settings; each failure names the setting and says what to put there.</summary>
public sealed class ServiceNowSourceValidation : IValidateOptions<ServiceNowSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceNowSourceOptions options)
    {
        var failures = Check(name ?? Options.DefaultName, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Check(string source, ServiceNowSourceOptions options)
    {
        var failures = new List<string>();
        var prefix = SourceSettings.Prefix(source);
        if (!Uri.TryCreate(options.Instance, UriKind.Absolute, out var instance) || instance.Scheme is not ("http" or "https"))
        {
            failures.Add($"{prefix}:Instance '{options.Instance}' is not an absolute http(s) URL; set it to the instance, e.g. https://dev12345.service-now.com.");
        }

        var auth = options.Auth;
        if (!RestSourceValidation.TryParseName<ServiceNowAuthType>(auth.Type, out var type))
        {
            failures.Add($"{prefix}:Auth:Type '{auth.Type}' is not Basic or OAuth.");
        }
        else if (type == ServiceNowAuthType.Basic && (string.IsNullOrEmpty(auth.Username) || auth.Password is null))
        {
            failures.Add($"{prefix}:Auth:Username and {prefix}:Auth:Password are needed to read the Table API; set both (or Auth:Type OAuth with ClientId and ClientSecret).");
        }
        else if (type == ServiceNowAuthType.OAuth && (string.IsNullOrEmpty(auth.ClientId) || string.IsNullOrEmpty(auth.ClientSecret)))
        {
            failures.Add($"{prefix}:Auth:ClientId and {prefix}:Auth:ClientSecret are needed for OAuth; set both.");
        }

        foreach (var (entity, table) in options.Tables)
        {
            if (!Entities.IsKnown(entity.ToLowerInvariant()) || string.IsNullOrWhiteSpace(table))
            {
                failures.Add($"{prefix}:Tables:{entity} must name the table of account or contact, e.g. Tables:account = customer_account.");
            }
        }

        if (string.IsNullOrEmpty(options.WebhookUsername) != string.IsNullOrEmpty(options.WebhookPassword))
        {
            failures.Add($"{prefix}:WebhookUsername and {prefix}:WebhookPassword go together; set both for Microsoft's scripts, or neither.");
        }

        if (options.PageSize is < 1 or > 10_000)
        {
            failures.Add($"{prefix}:PageSize must be between 1 and 10,000.");
        }

        if (options.ReadBackBatch is < 1 or > 100)
        {
            failures.Add($"{prefix}:ReadBackBatch must be between 1 and 100.");
        }

        return failures;
    }
}
