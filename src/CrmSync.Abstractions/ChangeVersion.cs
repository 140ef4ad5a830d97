namespace CrmSync.Abstractions;

/// <summary>
/// Orders the changes of one record. Integer versions use <see cref="Major"/> alone; timestamps use
/// UTC ticks, and <see cref="Minor"/> breaks ties (ServiceNow's sys_mod_count under sys_updated_on).
/// Versions of different kinds are never compared with each other for the same record.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct ChangeVersion(
    [property: Id(0)] long Major,
    [property: Id(1)] long Minor = 0) : IComparable<ChangeVersion>
{
    public static ChangeVersion FromInteger(long value) => new(value);

    public static ChangeVersion FromTimestamp(DateTimeOffset value, long tieBreaker = 0) =>
        new(value.UtcTicks, tieBreaker);

    public int CompareTo(ChangeVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ChangeVersion a, ChangeVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(ChangeVersion a, ChangeVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(ChangeVersion a, ChangeVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ChangeVersion a, ChangeVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => Minor == 0 ? Major.ToString() : $"{Major}.{Minor}";
}
