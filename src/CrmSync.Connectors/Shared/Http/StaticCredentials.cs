using System.Net.Http.Headers;
using System.Text;

namespace CrmSync.Connectors.Shared;

/// <summary>Credentials that never change: none, HTTP Basic, a bearer token, or an API key in a header.</summary>
public sealed class StaticCredentials : ICrmCredentials
{
    private readonly Action<HttpRequestMessage> apply;
    private readonly string source;
    private readonly string advice;

    private StaticCredentials(string source, string advice, Action<HttpRequestMessage> apply)
    {
        this.source = source;
        this.advice = advice;
        this.apply = apply;
    }

    /// <param name="settings">Where the credentials would be set, e.g. <c>CrmSync:Sources:sim:Auth</c>.</param>
    public static StaticCredentials None(string source, string settings) =>
        new(source, $"set {settings}:Type and its credentials", _ => { });

    /// <param name="advice">What to check when they are refused, e.g. "check CrmSync:Sources:sn:Auth:Username and …:Password".</param>
    public static StaticCredentials Basic(string source, string username, string password, string advice) =>
        new(source, advice, r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"))));

    public static StaticCredentials Bearer(string source, string token, string advice) =>
        new(source, advice, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));

    public static StaticCredentials Header(string source, string name, string value, string advice) =>
        new(source, advice, r => r.Headers.TryAddWithoutValidation(name, value));

    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        apply(request);
        return ValueTask.CompletedTask;
    }

    public bool Renew() => false;

    public string Refused(int status, Uri url) => advice.StartsWith("set ", StringComparison.Ordinal)
        ? $"Source '{source}' refused a request without credentials ({status}) at {url}; {advice}."
        : $"The credentials for source '{source}' were refused ({status}) at {url}; {advice}.";
}
