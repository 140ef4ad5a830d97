using System.Net.Http.Headers;
using System.Text;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.ServiceNow.Push;

/// <summary>
/// <c>POST /simulator/servicenow/changes</c>: makes the changes in order, as users editing ServiceNow would, then sends
/// the business rules' notifications to the target concurrently (16 at a time, or <c>concurrency</c>), as the instance's workers do, and answers what it sent.
/// </summary>
public static class ChangesApi
{
    public static IEndpointConventionBuilder MapServiceNowChanges(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/simulator/servicenow/changes", async (HttpRequest request, RecordStore store, PushClient push, IOptions<SimulatorOptions> options) =>
        {
            var (changes, problem) = await JsonBody.ReadAsync<ServiceNowChangesRequest>(request, ServiceNowChangesRequest.Example, body => body.Problem());
            if (problem is not null)
            {
                return problem;
            }

            var notifications = new List<SentNotification>();
            for (var i = 0; i < changes!.Changes!.Count; i++)
            {
                var applied = RecordChanges.Apply(store, changes.Changes[i]);
                if (applied.Problem is not null)
                {
                    return JsonBody.BadRequest($"changes[{i}]: {applied.Problem} The {i} changes before it were made and nothing was sent.");
                }

                notifications.Add(Notify(changes, changes.Changes[i], applied.Values!, options.Value.ServiceNow.InstanceName));
            }

            if (changes.Deliver != false)
            {
                var delivered = new SentNotification[notifications.Count];
                await Parallel.ForEachAsync(Enumerable.Range(0, notifications.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = changes.Concurrency ?? ServiceNowChangesRequest.DefaultConcurrency, CancellationToken = request.HttpContext.RequestAborted },
                    async (index, cancellation) => delivered[index] = await push.SendAsync(notifications[index], cancellation));
                notifications = [.. delivered];
            }

            return Results.Ok(new { notifications });
        });

    private static SentNotification Notify(ServiceNowChangesRequest request, ServiceNowChange change, Dictionary<string, string> values, string instanceName)
    {
        if (!request.IsMicrosoft)
        {
            var (body, signed) = CrmSyncNotification.Build(change.Operation!, change.Table!, values, request.Secret!, DateTimeOffset.UtcNow);
            return new SentNotification("POST", request.Target ?? "", signed, body, null, null);
        }

        ServiceNowTables.TryParse(change.Table, out var entity);
        var script = MicrosoftScripts.For(entity!.Value.Singular(), change.Operation!);
        var headers = new Dictionary<string, string> { ["Accept"] = "application/json" };
        if (request.Username is not null)
        {
            headers["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{request.Username}:{request.Password}"));
        }

        var withBaseUrl = new Dictionary<string, string?>(values.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))) { ["u_base_url"] = instanceName };
        // Microsoft's REST messages are re-pointed at CrmSync per entity: /webhooks/{source}/account and /contact.
        return new SentNotification(script.Method, $"{request.Target?.TrimEnd('/')}/{script.Entity}", headers, script.Body(withBaseUrl), null, null);
    }
}

/// <summary>The HTTP client the simulator's business rules send with: no retries, since a CRM's rule sends once.</summary>
public sealed class PushClient : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(60) };

    public async Task<SentNotification> SendAsync(SentNotification notification, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(new HttpMethod(notification.Method), notification.Url)
        {
            Content = new StringContent(notification.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        foreach (var (name, value) in notification.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellation);
            return notification with { Status = (int)response.StatusCode };
        }
        catch (HttpRequestException exception)
        {
            return notification with { Status = 0, Error = exception.Message };
        }
    }

    public void Dispose() => http.Dispose();
}
