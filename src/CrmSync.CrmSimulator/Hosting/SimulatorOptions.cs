using CrmSync.CrmSimulator.Auth;
using CrmSync.CrmSimulator.ServiceNow;

namespace CrmSync.CrmSimulator.Hosting;

/// <summary>The <c>Simulator</c> configuration section (environment variables as <c>Simulator__Accounts=1000000</c>).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>Ids have seven digits, so this is the most records of one entity the simulator can serve.</summary>
    public const int MaxRecords = 9_999_999;

    public int Accounts { get; set; } = 1000;

    public int Contacts { get; set; } = 2000;

    /// <summary>The share of contacts, in percent, that belong to no account.</summary>
    public int OrphanContactPercent { get; set; } = 10;

    /// <summary>The same seed gives the same data set, and the same churn, on every run.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Added to every page served, to play a slow CRM.</summary>
    public int PageDelayMs { get; set; }

    /// <summary>A larger requested page size is clamped to this, as real CRMs do.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>HubSpot search's cap on the results one query pages through; tests lower it to cross it with few records.</summary>
    public int HubSpotSearchLimit { get; set; } = 10_000;

    public AuthSettings Auth { get; set; } = new();

    public ServiceNowSettings ServiceNow { get; set; } = new();
}
