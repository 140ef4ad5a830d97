using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// Stops start-up when a source's webhook secret is set but unusable, or when a Generic source (which takes nothing
/// but webhooks) has none. Every other kind may run without webhook credentials: it syncs by reading its API, and its
/// webhook endpoint answers 401 naming what to set.
/// </summary>
public sealed class WebhookSecretValidation : IValidateOptions<CrmSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
    {
        var failures = new List<string>();
        foreach (var (source, settings) in options.Sources)
        {
            var missing = string.IsNullOrEmpty(settings.Secret);
            if (missing && settings.Kind == SourceKind.Generic || !missing && !IsUsable(settings.Secret!))
            {
                failures.Add($"Source '{source}' has no usable webhook secret: set CrmSync__Sources__{source}__Secret to 'whsec_' followed by base64 (24–64 random bytes), in the environment or user secrets.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsUsable(string secret)
    {
        try
        {
            return StandardWebhookSignature.DecodeSecret(secret).Length >= 16;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
