using System.Net.Http.Json;
using System.Text;

namespace CrmSync.EndToEnd.Tests.Support;

/// <summary>A notification the simulator made for an edit: its exact headers and body, and the gateway's status if it was sent.</summary>
public sealed record Delivery(Dictionary<string, string> Headers, string Body, int? Status);

/// <summary>
/// The CRM simulator's control endpoints a connector's end-to-end tests use: edit records and send the kind's webhooks
/// (<c>/simulator/{kind}/changes</c>), inject faults, read the API statistics, and resend a notification as the CRM does.
/// </summary>
public sealed class SimulatedCrm(Uri crmUrl, Uri gatewayUrl) : IDisposable
{
    private readonly HttpClient crm = new() { BaseAddress = crmUrl, Timeout = TimeSpan.FromMinutes(2) };
    private readonly HttpClient gateway = new() { BaseAddress = gatewayUrl, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Edits records (simulator ids) and returns the notifications; sent to <c>/webhooks/{source}</c> when <paramref name="send"/>.</summary>
    public async Task<List<Delivery>> EditAsync(string kind, string source, bool send, object credentials, params object[] changes)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(credentials))!.AsObject();
        body["changes"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(changes));
        if (send)
        {
            body["target"] = new Uri(gateway.BaseAddress!, $"webhooks/{source}").ToString();
        }

        using var response = await crm.PostAsJsonAsync($"simulator/{kind}/changes", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DeliveriesResponse>())!.Deliveries;
    }

    /// <summary>Sends a notification again, exactly as made, as the CRM's retry would.</summary>
    public async Task<HttpStatusCode> SendAsync(string source, Delivery delivery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"webhooks/{source}") { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in delivery.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await gateway.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Sends until the gateway answers 2xx (a 503 means "send again"), as a CRM's retries do.</summary>
    public async Task DeliverAsync(string source, Delivery delivery)
    {
        for (var attempt = 1; ; attempt++)
        {
            var status = await SendAsync(source, delivery);
            if ((int)status is >= 200 and < 300)
            {
                return;
            }

            Assert.True(status == HttpStatusCode.ServiceUnavailable && attempt < 10, $"The gateway answered {(int)status} on attempt {attempt}.");
            await Task.Delay(500);
        }
    }

    public async Task FaultsAsync(object faults)
    {
        using var response = await crm.PostAsJsonAsync("simulator/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonObject> StatsAsync() => (await crm.GetFromJsonAsync<JsonObject>("simulator/stats"))!;

    public void Dispose()
    {
        crm.Dispose();
        gateway.Dispose();
    }

    private sealed record DeliveriesResponse(List<Delivery> Deliveries);
}
