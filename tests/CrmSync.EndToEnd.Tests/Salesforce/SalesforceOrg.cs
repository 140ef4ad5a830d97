using System.Net.Http.Json;
using System.Text;
using CrmSync.CrmSimulator.Data;
using SimIds = CrmSync.CrmSimulator.Salesforce.SalesforceIds;

namespace CrmSync.EndToEnd.Tests.Salesforce;

/// <summary>A notification as the simulated org would send it.</summary>
public sealed record OrgMessage(string ContentType, Dictionary<string, string> Headers, string Body);

/// <summary>
/// The simulated Salesforce org of a running system: makes changes as its users would and hands back the notifications
/// it would send (CrmSync's Apex or Outbound Messages), for the test to deliver to the gateway in any order, any number of times.
/// </summary>
public sealed class SalesforceOrg(Uri crmUrl, Uri gatewayUrl, string source, string secret) : IDisposable
{
    private readonly HttpClient crm = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = crmUrl, Timeout = TimeSpan.FromSeconds(60) };
    private readonly HttpClient gateway = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = gatewayUrl, Timeout = TimeSpan.FromSeconds(90) };

    public static string AccountId(int index) => SimIds.IdOf(SimEntity.Account, index);

    public static string ContactId(int index) => SimIds.IdOf(SimEntity.Contact, index);

    public static object Change(string type, string id, string operation, object? fields = null) => new { type, id, operation, fields };

    /// <summary>Makes the changes in the org and answers the messages it would send for them in <paramref name="family"/> (apex or outbound).</summary>
    public async Task<IReadOnlyList<OrgMessage>> ChangeAsync(string family, params object[] changes)
    {
        using var response = await crm.PostAsJsonAsync("simulator/salesforce/changes", new { family, deliver = false, secret, changes });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonNode.Parse(text)!["messages"]!.AsArray().Select(sent => sent!["message"]!).Select(message => new OrgMessage(
            (string)message["contentType"]!,
            message["headers"]!.AsObject().ToDictionary(header => header.Key, header => (string)header.Value!),
            (string)message["body"]!))];
    }

    /// <summary>Makes the changes and delivers the Apex's messages at once, each expected to be acknowledged.</summary>
    public async Task ChangeAndSendAsync(params object[] changes)
    {
        foreach (var message in await ChangeAsync("apex", changes))
        {
            var answer = await SendAsync(message);
            Assert.True(answer.IsSuccess, answer.ToString());
        }
    }

    public async Task<WebhookResponse> SendAsync(OrgMessage message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"webhooks/{source}") { Content = new StringContent(message.Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(message.ContentType);
        foreach (var (name, value) in message.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await gateway.SendAsync(request);
        return await WebhookResponse.ReadAsync(response);
    }

    /// <summary>Sends the message as Salesforce's delivery queue does, again after any answer but a 2xx; answers how many sends it took.</summary>
    public async Task<int> DeliverAsync(OrgMessage message, TimeSpan patience)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var answer = await SendAsync(message);
            if (answer.IsSuccess)
            {
                return attempt;
            }

            // A 429 is the gateway saying it has enough changes in flight: the queue sends again, as after a 5xx.
            Assert.True(waited.Elapsed < patience && ((int)answer.Status >= 500 || (int)answer.Status == 429), $"Attempt {attempt}: {answer}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Queues faults for the org's API (<c>POST /simulator/faults</c>).</summary>
    public async Task FaultAsync(object fault)
    {
        using var response = await crm.PostAsJsonAsync("simulator/faults", fault);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>API calls the org has counted (queries and record reads, not token requests).</summary>
    public async Task<long> ApiRequestsAsync() => (long)JsonNode.Parse(await crm.GetStringAsync("simulator/stats"))!["requests"]!;

    /// <summary>The generic record behind a Salesforce record, e.g. a contact's accountId (A0000017).</summary>
    public async Task<JsonObject> RecordAsync(string entity, int index) =>
        JsonNode.Parse(await crm.GetStringAsync($"simulator/records/{entity}/{(entity == "account" ? SimEntity.Account : SimEntity.Contact).IdOf(index)}"))!.AsObject();

    public void Dispose()
    {
        crm.Dispose();
        gateway.Dispose();
    }
}
