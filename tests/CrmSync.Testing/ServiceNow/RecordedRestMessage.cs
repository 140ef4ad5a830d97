using System.Text;

namespace CrmSync.Testing.ServiceNow;

/// <summary>What a script did with one <c>new sn_ws.RESTMessageV2()</c>: the request it built and how it sent it.</summary>
public sealed class RecordedRestMessage
{
    public string? Endpoint { get; private set; }

    public string? HttpMethod { get; private set; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Body { get; private set; }

    public bool SentAsync { get; private set; }

    public bool SentSync { get; private set; }

    /// <summary>Set by a test to play a ServiceNow that cannot send (e.g. no ECC queue); the call then throws.</summary>
    public Exception? FailOnSend { get; set; }

    public void SetEndpoint(string endpoint) => Endpoint = endpoint;

    public void SetHttpMethod(string method) => HttpMethod = method;

    public void SetRequestHeader(string name, string value) => Headers[name] = value;

    public void SetRequestBody(string body) => Body = body;

    public void ExecuteAsync()
    {
        SentAsync = true;
        if (FailOnSend is not null)
        {
            throw FailOnSend;
        }
    }

    public void Execute()
    {
        SentSync = true;
        if (FailOnSend is not null)
        {
            throw FailOnSend;
        }
    }

    /// <summary>The HTTP request ServiceNow would send, to deliver it to a real gateway.</summary>
    public HttpRequestMessage ToHttpRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod((HttpMethod ?? "post").ToUpperInvariant()), Endpoint)
        {
            Content = new StringContent(Body ?? "", Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in Headers.Where(header => !header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
