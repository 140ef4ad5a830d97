using System.Text;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>Builds the org's notifications and posts them, one after another, as Salesforce's delivery queue would.</summary>
public sealed class SalesforceNotifier(IOptions<SalesforceSimulatorOptions> options, SalesforceRecycleBin bin) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly SalesforceNotifications notifications = new(options.Value.OrganizationId);

    public IReadOnlyList<SalesforceMessage> Build(string family, IReadOnlyList<SalesforceChange> changes, string? secret) =>
        family == SalesforceNotifications.Apex
            ? [.. notifications.ApexMessages(changes, secret!, DateTimeOffset.UtcNow)]
            : [.. notifications.OutboundMessages(changes, record => bin.IsDeleted(record.Entity, record.Index) ? null : bin.Store.Find(record.Entity, record.Id))];

    public async Task<List<SentMessage>> SendAsync(Uri target, IReadOnlyList<SalesforceMessage> messages, CancellationToken cancellation)
    {
        var sent = new List<SentMessage>();
        foreach (var message in messages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(message.Body, Encoding.UTF8) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(message.ContentType);
            foreach (var (name, value) in message.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await http.SendAsync(request, cancellation);
                sent.Add(new SentMessage(message, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellation)));
            }
            catch (HttpRequestException failure)
            {
                sent.Add(new SentMessage(message, null, failure.Message));
            }
        }

        return sent;
    }

    public void Dispose() => http.Dispose();
}
