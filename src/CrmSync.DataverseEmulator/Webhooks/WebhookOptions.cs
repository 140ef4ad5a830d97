namespace CrmSync.DataverseEmulator.Webhooks;

/// <summary>
/// <c>Emulator:Webhooks</c>: a service-endpoint webhook registered on Create, Update and Delete of account and contact,
/// as an admin registers one with the Plug-in Registration Tool. Off while <see cref="Url"/> is unset.
/// </summary>
public sealed class WebhookOptions
{
    public string? Url { get; set; }

    /// <summary>WebhookKey authentication: sent as <c>?code=</c>.</summary>
    public string? Key { get; set; }

    /// <summary>HttpHeader authentication: one header sent with every request.</summary>
    public string? HeaderName { get; set; }

    public string? HeaderValue { get; set; }

    /// <summary>Register a post-image with every column (versionnumber included); without it the body carries the Target only.</summary>
    public bool PostImage { get; set; } = true;

    public List<string> Tables { get; set; } = ["account", "contact"];
}
