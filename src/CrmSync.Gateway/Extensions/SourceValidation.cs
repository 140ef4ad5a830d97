using CrmSync.Connectors.Generic;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Extensions;

/// <summary>Stops start-up when a source cannot verify its webhooks, saying what to set.</summary>
public sealed class SourceValidation : IValidateOptions<CrmSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
    {
        var failures = new List<string>();
        foreach (var (source, settings) in options.Sources)
        {
            if (settings.Kind is SourceKind.Generic or SourceKind.Rest && !HasUsableSecret(settings.Secret))
            {
                failures.Add($"Source '{source}' has no usable webhook secret: set CrmSync__Sources__{source}__Secret to 'whsec_' followed by base64 (24–64 random bytes), in the environment or user secrets.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool HasUsableSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

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
