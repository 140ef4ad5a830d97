namespace CrmSync.Abstractions;

/// <summary>What a record grain did with a change. Every outcome is final and durable.</summary>
[GenerateSerializer]
public enum AcceptOutcome
{
    /// <summary>The change moved the record's desired state and was stored.</summary>
    Accepted,

    /// <summary>Every part of the change is older than what the record already holds.</summary>
    Stale,

    /// <summary>The record already holds exactly this change.</summary>
    Duplicate,
}
