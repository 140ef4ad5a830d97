using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>Checks a Dynamics 365 source's settings (named options: the name is the source's); each failure names the setting.</summary>
public sealed class Dynamics365SourceValidation : IValidateOptions<Dynamics365SourceOptions>
{
    public ValidateOptionsResult Validate(string? name, Dynamics365SourceOptions options)
    {
        var prefix = SourceSettings.Prefix(name ?? Options.DefaultName);
        var failures = new List<string>();
        try
        {
            _ = options.Connection;
        }
        catch (FormatException ex)
        {
            failures.Add($"{prefix}:ConnectionString is not usable: {ex.Message}");
        }

        if (string.IsNullOrEmpty(options.WebhookHeaderName) != string.IsNullOrEmpty(options.WebhookHeaderValue))
        {
            failures.Add($"{prefix}:WebhookHeaderName and :WebhookHeaderValue go together; set both to the HttpHeader the webhook registration sends, or neither.");
        }

        if (options.PageSize is < 1 or > 5000)
        {
            failures.Add($"{prefix}:PageSize {options.PageSize} is not a page size Dataverse takes; use 1 to 5000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
