using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.ServiceNow;
using CrmSync.Connectors.Tests.Rest;

namespace CrmSync.Connectors.Tests.ServiceNow;

/// <summary>The simulator's ServiceNow records as a business rule's getValue reads them, and its change endpoint.</summary>
public static class SimulatorRecords
{
    public static string AccountSysId(int index) => SysIds.Of(SimEntity.Account, index);

    public static string ContactSysId(int index) => SysIds.Of(SimEntity.Contact, index);

    public static async Task<Dictionary<string, string?>> ValuesAsync(this SimulatorFixture simulator, string table, string sysId)
    {
        var record = (await simulator.Control.GetFromJsonAsync<JsonObject>($"api/now/table/{table}/{sysId}?sysparm_exclude_reference_link=true"))!["result"]!.AsObject();
        return record.ToDictionary(field => field.Key, field => (string?)field.Value);
    }

    /// <summary>Makes one change without sending anything; a test delivers the notification itself.</summary>
    public static Task ChangeAsync(this SimulatorFixture simulator, string table, string sysId, string operation, object? fields = null) =>
        simulator.PostAsync("simulator/servicenow/changes", new { family = "CrmSync", secret = ServiceNowHarness.Secret, deliver = false, changes = new[] { new { table, sysId, operation, fields } } });
}
