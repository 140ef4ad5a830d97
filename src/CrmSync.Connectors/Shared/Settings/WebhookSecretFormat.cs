namespace CrmSync.Connectors.Shared;

/// <summary>
/// How a kind's <c>Secret</c> is checked at start-up when it is not a Standard Webhooks <c>whsec_…</c> secret (Zendesk's
/// signing secret is used as the text it is shown as). A kind registers one; kinds without one get the whsec check.
/// </summary>
/// <param name="Advice">Completes "set CrmSync__Sources__{source}__Secret to …".</param>
public sealed record WebhookSecretFormat(SourceKind Kind, Func<string, bool> IsUsable, string Advice);
