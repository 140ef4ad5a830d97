using CrmSync.Dataverse;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Rest;

/// <summary>
/// Checks a REST source's settings (named options: the name is the source's). Each failure is one sentence that
/// names the setting as it is written in configuration and says what to put there.
/// </summary>
public sealed class RestSourceValidation : IValidateOptions<RestSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, RestSourceOptions options)
    {
        var failures = Check(name ?? Options.DefaultName, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Check(string source, RestSourceOptions options)
    {
        var failures = new List<string>();
        var prefix = $"CrmSync:Sources:{source}";
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add($"{prefix}:BaseUrl '{options.BaseUrl}' is not an absolute http(s) URL; set it to the API's root, e.g. https://crm.example.com/api/.");
        }

        CheckAuth(failures, $"{prefix}:Auth", options.Auth);
        if (options.Entities.Count == 0)
        {
            failures.Add($"{prefix}:Entities is empty; configure account and/or contact (Path, Paging, Id, Version, Fields) to sync this source.");
        }

        foreach (var (entity, settings) in options.Entities)
        {
            if (!Entities.IsKnown(entity.ToLowerInvariant()))
            {
                failures.Add($"{prefix}:Entities:{entity} is not an entity CrmSync syncs; use account or contact.");
                continue;
            }

            CheckEntity(failures, $"{prefix}:Entities:{entity}", entity.ToLowerInvariant(), settings);
        }

        return failures;
    }

    /// <summary>An enum value by its name, ignoring case; numbers are refused because "2" says nothing to a reader of the settings.</summary>
    public static bool TryParseName<T>(string? text, out T value) where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }

    internal static T ParseName<T>(string? text) where T : struct, Enum =>
        TryParseName<T>(text, out var value) ? value : throw new InvalidOperationException($"'{text}' is not a {typeof(T).Name}; validate the options before use.");

    private static void CheckAuth(List<string> failures, string prefix, RestAuthOptions auth)
    {
        if (!TryParseName<RestAuthType>(auth.Type, out var type))
        {
            failures.Add($"{prefix}:Type '{auth.Type}' is unknown; use None, Basic, Bearer or ApiKey.");
            return;
        }

        var missing = type switch
        {
            RestAuthType.Basic when string.IsNullOrEmpty(auth.Username) || auth.Password is null => "Username and Password",
            RestAuthType.Bearer when string.IsNullOrEmpty(auth.Token) => "Token",
            RestAuthType.ApiKey when string.IsNullOrWhiteSpace(auth.Header) || string.IsNullOrEmpty(auth.Value) => "Header and Value",
            _ => null,
        };
        if (missing is not null)
        {
            failures.Add($"{prefix}:{missing} must be set when {prefix}:Type is {type}; put credentials in the environment or user secrets.");
        }
    }

    private static void CheckEntity(List<string> failures, string prefix, string entity, RestEntityOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Path))
        {
            failures.Add($"{prefix}:Path is missing; set it to the endpoint that lists the {entity} records, relative to BaseUrl.");
        }

        CheckPath(failures, $"{prefix}:Records", settings.Records, required: true);
        CheckPaging(failures, $"{prefix}:Paging", settings.Paging);
        CheckPath(failures, $"{prefix}:Id", settings.Id, required: true);
        CheckPath(failures, $"{prefix}:Version", settings.Version, required: true);
        CheckUrl(failures, prefix, settings);

        var table = DataverseTables.For(entity);
        foreach (var (column, path) in settings.Fields)
        {
            if (!table.WritableColumns.Contains(column))
            {
                failures.Add($"{prefix}:Fields:{column} is not a column CrmSync writes on {entity}; use one of {string.Join(", ", table.WritableColumns.Order())}.");
            }

            CheckPath(failures, $"{prefix}:Fields:{column}", path, required: true);
        }

        if (settings.ParentAccountId is not null && entity != Entities.Contact)
        {
            failures.Add($"{prefix}:ParentAccountId belongs to contacts only; remove it from {entity}.");
        }

        CheckPath(failures, $"{prefix}:ParentAccountId", settings.ParentAccountId, required: false);
    }

    private static void CheckPaging(List<string> failures, string prefix, RestPagingOptions paging)
    {
        if (!TryParseName<RestPagingStyle>(paging.Style, out var style))
        {
            failures.Add($"{prefix}:Style '{paging.Style}' is unknown; use Offset, Page, Cursor, NextUrl or LinkHeader.");
            return;
        }

        if (paging.PageSize < 1)
        {
            failures.Add($"{prefix}:PageSize {paging.PageSize} is not a page size; set a positive number of records per page (the API's maximum is best).");
        }

        (string Setting, string? Value)[] required = style switch
        {
            RestPagingStyle.Offset => [(nameof(paging.OffsetParam), paging.OffsetParam), (nameof(paging.PageSizeParam), paging.PageSizeParam)],
            RestPagingStyle.Page => [(nameof(paging.PageParam), paging.PageParam), (nameof(paging.PageSizeParam), paging.PageSizeParam)],
            RestPagingStyle.Cursor => [(nameof(paging.CursorParam), paging.CursorParam)],
            _ => [],
        };
        foreach (var (setting, _) in required.Where(r => string.IsNullOrWhiteSpace(r.Value)))
        {
            failures.Add($"{prefix}:{setting} is missing; Style {style} needs the name of that query parameter.");
        }

        CheckPath(failures, $"{prefix}:CursorPath", paging.CursorPath, required: style == RestPagingStyle.Cursor);
        CheckPath(failures, $"{prefix}:NextUrlPath", paging.NextUrlPath, required: style == RestPagingStyle.NextUrl);
        CheckPath(failures, $"{prefix}:TotalPath", paging.TotalPath, required: false);
    }

    private static void CheckUrl(List<string> failures, string prefix, RestEntityOptions settings)
    {
        if (settings.Url is not null && settings.UrlTemplate is not null)
        {
            failures.Add($"{prefix}:Url and {prefix}:UrlTemplate are both set; keep the one that gives the record's deep link.");
        }

        CheckPath(failures, $"{prefix}:Url", settings.Url, required: false);
        if (settings.UrlTemplate is { } template
            && (!template.Contains("{id}", StringComparison.Ordinal) || !Uri.TryCreate(template.Replace("{id}", "x"), UriKind.Absolute, out _)))
        {
            failures.Add($"{prefix}:UrlTemplate '{template}' must be an absolute URL containing {{id}}, e.g. https://crm.example.com/accounts/{{id}}.");
        }

        if ((settings.Url ?? settings.UrlTemplate) is not null && settings.Fields.ContainsKey(RecordFields.SourceUrl))
        {
            failures.Add($"{prefix}:Fields:{RecordFields.SourceUrl} repeats what Url or UrlTemplate gives; remove one of them.");
        }
    }

    private static void CheckPath(List<string> failures, string setting, string? path, bool required)
    {
        if (path is null || path.Length == 0)
        {
            if (required)
            {
                failures.Add($"{setting} is missing; set it to a JSON path such as $.id.");
            }
        }
        else if (!JsonPath.TryParse(path, out _))
        {
            failures.Add($"{setting} '{path}' is not a JSON path this connector reads; write {JsonPath.Syntax}.");
        }
    }
}
