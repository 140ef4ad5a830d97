using System.Globalization;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// A ServiceNow record's version: <c>sys_updated_on</c> (UTC, whole seconds) and, within one second,
/// <c>sys_mod_count</c>. A delete orders after the record's last update: (<c>sys_deleted_on</c>, <c>sys_mod_count</c> + 1).
/// </summary>
public static class ServiceNowVersion
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        var parsed = DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc);
        time = parsed ? new DateTimeOffset(utc, TimeSpan.Zero) : default;
        return parsed;
    }

    /// <summary>sys_mod_count: a string of digits, as every ServiceNow value is a string.</summary>
    public static bool TryParseModCount(string? text, out long count) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count < long.MaxValue;

    public static ChangeVersion Of(DateTimeOffset updatedOn, long modCount) => ChangeVersion.FromTimestamp(updatedOn, modCount);

    public static ChangeVersion OfDelete(DateTimeOffset deletedOn, long lastModCount) => ChangeVersion.FromTimestamp(deletedOn, lastModCount + 1);

    /// <summary>
    /// A delete read from <c>sys_audit_delete</c>, which tells when but not the record's last sys_mod_count: it orders
    /// after every update of its second. A record revived within the second of its deletion stays deleted until its next change.
    /// </summary>
    public static ChangeVersion OfAuditedDelete(DateTimeOffset deletedOn) => ChangeVersion.FromTimestamp(deletedOn, long.MaxValue);

    /// <summary>A sys_id is 32 hex digits; anything else is not a ServiceNow record id.</summary>
    public static bool IsSysId(string? text) =>
        text is { Length: 32 } && text.All(char.IsAsciiHexDigit);
}
