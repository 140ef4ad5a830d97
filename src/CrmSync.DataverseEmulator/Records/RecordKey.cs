using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Records;

/// <summary>How a request names one row: by primary key or by an alternate key's values.</summary>
public abstract record RecordKey;

public sealed record PrimaryKey(Guid Id) : RecordKey;

/// <param name="Values">Key column logical name → typed value (int for a choice, string for text).</param>
public sealed record AlternateKey(AlternateKeyDefinition Definition, IReadOnlyDictionary<string, object> Values) : RecordKey;
