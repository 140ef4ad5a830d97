namespace CrmSync.Gateway.Admin;

/// <summary>The admin API's key, <c>CrmSync:AdminApiKey</c>. From the environment or user secrets only.</summary>
public sealed class AdminApiOptions
{
    public const string SectionName = "CrmSync";

    /// <summary>When unset, the admin API answers loopback callers only.</summary>
    public string? AdminApiKey { get; set; }
}
