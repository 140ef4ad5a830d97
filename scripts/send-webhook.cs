// Sends one signed webhook in CrmSync's generic format (Standard Webhooks signature) and prints the answer.
//   dotnet run scripts/send-webhook.cs -- '<json body>' [--url URL] [--secret whsec_…]
//   dotnet run scripts/send-webhook.cs -- @change.json
// The secret defaults to $CRMSYNC_WEBHOOK_SECRET, then to the development secret the AppHost keeps in
// .crmsync/generic-webhook-secret.
using System.Security.Cryptography;
using System.Text;

var url = "http://127.0.0.1:5080/webhooks/generic";
string? secret = Environment.GetEnvironmentVariable("CRMSYNC_WEBHOOK_SECRET");
string? body = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--url": url = args[++i]; break;
        case "--secret": secret = args[++i]; break;
        default: body = args[i].StartsWith('@') ? File.ReadAllText(args[i][1..]) : args[i]; break;
    }
}

if (body is null)
{
    Console.Error.WriteLine("Give the JSON body (or @file.json) as the argument, e.g.");
    Console.Error.WriteLine("""  dotnet run scripts/send-webhook.cs -- '{"entity":"account","id":"A-1","op":"upsert","version":1,"fields":{"name":"Contoso"}}'""");
    return 2;
}

secret ??= FindDevelopmentSecret();
if (secret is null)
{
    Console.Error.WriteLine("No secret: pass --secret whsec_…, set CRMSYNC_WEBHOOK_SECRET, or start the AppHost once so it writes .crmsync/generic-webhook-secret.");
    return 2;
}

var id = "msg_" + Guid.NewGuid().ToString("N");
var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
var key = Convert.FromBase64String(secret.StartsWith("whsec_") ? secret[6..] : secret);
var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));

using var http = new HttpClient();
using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
request.Headers.Add("webhook-id", id);
request.Headers.Add("webhook-timestamp", timestamp);
request.Headers.Add("webhook-signature", "v1," + signature);
HttpResponseMessage response;
try
{
    response = await http.SendAsync(request);
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine($"Could not reach {url}: {ex.Message}. Is `dotnet run --project CrmSync.AppHost` running?");
    return 1;
}

Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}");
Console.WriteLine(await response.Content.ReadAsStringAsync());
return response.IsSuccessStatusCode ? 0 : 1;

static string? FindDevelopmentSecret()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        var path = Path.Combine(dir.FullName, ".crmsync", "generic-webhook-secret");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
    }

    return null;
}
