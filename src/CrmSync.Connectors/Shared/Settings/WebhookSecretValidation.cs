using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// Stops start-up when a source's webhook secret is set but unusable, or when a Generic source (which takes nothing
/// but webhooks) has none. Every other kind may run without webhook credentials: it syncs by reading its API, and its
/// webhook endpoint answers 401 naming what to set.
/// </summary>
public sealed class WebhookSecretValidation(IEnumerable<WebhookSecretFormat>? formats = null) : IValidateOptions<CrmSyncOptions>
{
    private const string StandardAdvice = "'whsec_' followed by base64 (24–64 random bytes)";

    public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
    {
        var failures = new List<string>();
        foreach (var (source, settings) in options.Sources)
        {
            var missing = string.IsNullOrEmpty(settings.Secret);
            var format = formats?.FirstOrDefault(f => f.Kind == settings.Kind);
            var usable = format is null ? IsUsable : format.IsUsable;
            if (missing && settings.Kind == SourceKind.Generic || !missing && !usable(settings.Secret!))
            {
                failures.Add($"Source '{source}' has no usable webhook secret: set CrmSync__Sources__{source}__Secret to {format?.Advice ?? StandardAdvice}, in the environment or user secrets.");
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
