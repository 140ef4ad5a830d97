namespace CrmSync.Connectors.HubSpot;

/// <summary>What a webhook event asks of CrmSync.</summary>
public enum HubSpotAction
{
    /// <summary>The record is gone (<c>deletion</c>, <c>privacyDeletion</c>, or merged into another).</summary>
    Delete,

    /// <summary>One property changed: a partial change at <c>occurredAt</c>.</summary>
    PropertyChange,

    /// <summary>The event carries no state (<c>creation</c>, <c>restore</c>, <c>merge</c>, <c>associationChange</c>): read the record back.</summary>
    ReadBack,
}

/// <summary>One event of a HubSpot webhook array, reduced to what it means for one record.</summary>
public sealed record HubSpotEvent(string Entity, string Id, HubSpotAction Action, long OccurredAt, string? PropertyName = null, string? PropertyValueJson = null);
