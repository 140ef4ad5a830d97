namespace CrmSync.Connectors.Rest;

/// <summary>One entity of one REST source, with its validated settings: what every step of reading a page needs.</summary>
/// <param name="Filter">A query parameter every page's request carries: the change feed's "changed since".</param>
public sealed record RestEntity(string Source, string Entity, RestSourceOptions Options, RestEntityOptions Settings, KeyValuePair<string, string?>? Filter = null)
{
    /// <summary>Where this entity's settings are, for messages that tell which one to fix.</summary>
    public string SettingsPrefix => $"CrmSync:Sources:{Source}:Entities:{Entity}";

    /// <summary>BaseUrl as a directory, so that relative next-page URLs resolve below it rather than beside it.</summary>
    public Uri BaseUri => new(Options.BaseUrl!.TrimEnd('/') + "/");

    /// <summary>The entity's endpoint: Path appended to BaseUrl (a leading '/' on Path does not drop BaseUrl's own path).</summary>
    public Uri EntityUri => Filter is { } filter
        ? new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(new Uri(BaseUri, Settings.Path!.TrimStart('/')).AbsoluteUri, [filter]))
        : new(BaseUri, Settings.Path!.TrimStart('/'));
}
