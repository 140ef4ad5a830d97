namespace CrmSync.Connectors.Rest;

/// <summary>
/// A <see cref="SourceKind.Rest"/> source, bound from the same section as its <see cref="SourceOptions"/>,
/// <c>CrmSync:Sources:{name}</c>: where its API is, how to sign in, and for each entity how to page through it
/// and where each value sits in a record. Kinds and styles are strings here so that a typo gets a message
/// naming the setting (<see cref="RestSourceValidation"/>) instead of a binder exception.
/// </summary>
public sealed class RestSourceOptions
{
    /// <summary>The API's absolute URL; entity paths are appended to it and relative next-page URLs resolved against it.</summary>
    public string? BaseUrl { get; set; }

    public RestAuthOptions Auth { get; set; } = new();

    /// <summary>"account" and/or "contact".</summary>
    public Dictionary<string, RestEntityOptions> Entities { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public enum RestAuthType
{
    None,
    Basic,
    Bearer,
    ApiKey,
}

/// <summary>Credentials belong in the environment or user secrets, like a webhook Secret.</summary>
public sealed class RestAuthOptions
{
    public string Type { get; set; } = nameof(RestAuthType.None);

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? Token { get; set; }

    /// <summary>The header an API key goes in, e.g. X-Api-Key.</summary>
    public string? Header { get; set; }

    public string? Value { get; set; }

    public RestAuthType ParsedType => RestSourceValidation.ParseName<RestAuthType>(Type);
}

/// <summary>One entity's endpoint and its record layout; every path is a <see cref="JsonPath"/>.</summary>
public sealed class RestEntityOptions
{
    /// <summary>Appended to BaseUrl; may carry fixed query parameters (<c>accounts?fields=all</c>).</summary>
    public string? Path { get; set; }

    /// <summary>Where the page's array of records is; <c>$</c> when the body is the array.</summary>
    public string Records { get; set; } = "$";

    public RestPagingOptions Paging { get; set; } = new();

    public string? Id { get; set; }

    /// <summary>An integer or an RFC 3339 timestamp that grows with every change of the record.</summary>
    public string? Version { get; set; }

    /// <summary>The record's deep link, read from the record...</summary>
    public string? Url { get; set; }

    /// <summary>...or built from its id: <c>https://crm.example.com/accounts/{id}</c>.</summary>
    public string? UrlTemplate { get; set; }

    /// <summary>Dataverse column to the path of its value in a record.</summary>
    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Contacts only: the path to the source id of the contact's account.</summary>
    public string? ParentAccountId { get; set; }

    /// <summary>
    /// The query parameter that asks for the records changed at or after an RFC 3339 time (<c>updated_since</c>), for
    /// polling (issue 13); added to every page's request. Unset: the entity is not polled.
    /// </summary>
    public string? UpdatedSince { get; set; }
}

public enum RestPagingStyle
{
    /// <summary>The cursor is the offset of the next page's first record.</summary>
    Offset,

    /// <summary>The cursor is the next page number, from 1.</summary>
    Page,

    /// <summary>The cursor is the token the page gave at CursorPath (HubSpot's <c>after</c>).</summary>
    Cursor,

    /// <summary>The cursor is the URL the page gave at NextUrlPath (Salesforce's <c>nextRecordsUrl</c>).</summary>
    NextUrl,

    /// <summary>The cursor is the <c>rel="next"</c> URL of the Link header (ServiceNow, GitHub-style APIs).</summary>
    LinkHeader,
}

public sealed class RestPagingOptions
{
    public string? Style { get; set; }

    public int PageSize { get; set; } = 100;

    /// <summary>The query parameter that asks for <see cref="PageSize"/> records; required by Offset and Page.</summary>
    public string? PageSizeParam { get; set; }

    public string? OffsetParam { get; set; }

    public string? PageParam { get; set; }

    public string? CursorParam { get; set; }

    public string? CursorPath { get; set; }

    public string? NextUrlPath { get; set; }

    /// <summary>Optional: the record count, for progress and (Offset, Page) to stop without reading an empty page.</summary>
    public string? TotalPath { get; set; }

    public RestPagingStyle ParsedStyle => RestSourceValidation.ParseName<RestPagingStyle>(Style);
}
