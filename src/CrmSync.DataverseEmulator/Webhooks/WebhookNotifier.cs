using System.Threading.Channels;
using CrmSync.DataverseEmulator.Records;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Webhooks;

/// <summary>
/// Posts a RemoteExecutionContext for each committed Create, Update and Delete of a registered table, one at a time in
/// commit order, as an asynchronous step would. Like Dataverse, only 502, 503 and 504 get one more attempt; other
/// failures are logged (Dataverse leaves a failed system job) and the change is left to change tracking.
/// </summary>
public sealed class WebhookNotifier : IDisposable
{
    private readonly WebhookOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<WebhookNotifier> logger;
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Channel<(string Message, Row Row, IReadOnlyCollection<string> Columns)> queue = Channel.CreateUnbounded<(string, Row, IReadOnlyCollection<string>)>();

    public WebhookNotifier(IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookNotifier> logger)
    {
        this.options = options.Value;
        this.clock = clock;
        this.logger = logger;
        if (this.options.Url is not null)
        {
            _ = Task.Run(SendAllAsync);
        }
    }

    /// <summary>Queues the notification of a committed write; nothing when no webhook is registered for the table.</summary>
    public void Written(string message, Row row, IReadOnlyCollection<string> changedColumns)
    {
        if (options.Url is not null && options.Tables.Contains(row.Table.LogicalName))
        {
            queue.Writer.TryWrite((message, row, changedColumns));
        }
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        http.Dispose();
    }

    private async Task SendAllAsync()
    {
        await foreach (var (message, row, columns) in queue.Reader.ReadAllAsync())
        {
            var body = RemoteExecutionContextJson.Write(message, row, columns, options.PostImage, clock.GetUtcNow());
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                var status = await PostAsync(message, row, body);
                if (status is not (502 or 503 or 504))
                {
                    break;
                }
            }
        }
    }

    private async Task<int> PostAsync(string message, Row row, byte[] body)
    {
        var url = options.Key is null ? options.Url! : $"{options.Url}{(options.Url!.Contains('?') ? '&' : '?')}code={Uri.EscapeDataString(options.Key)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("x-ms-dynamics-organization", "emulator.crm.dynamics.com");
        request.Headers.Add("x-ms-dynamics-entity-name", row.Table.LogicalName);
        request.Headers.Add("x-ms-dynamics-request-name", message);
        if (options.HeaderName is not null)
        {
            request.Headers.TryAddWithoutValidation(options.HeaderName, options.HeaderValue);
        }

        try
        {
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The webhook for {Message} of {Table} {Id} answered {Status}", message, row.Table.LogicalName, row.Id, (int)response.StatusCode);
            }

            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(ex, "The webhook for {Message} of {Table} {Id} could not be sent", message, row.Table.LogicalName, row.Id);
            return 0;
        }
    }
}
