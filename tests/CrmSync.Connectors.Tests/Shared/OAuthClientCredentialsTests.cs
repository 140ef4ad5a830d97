using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmSync.Connectors.Tests.Shared;

/// <summary>Against a small OAuth server on loopback that issues numbered tokens and can revoke the current one.</summary>
public sealed class OAuthClientCredentialsTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private Uri root = null!;
    private int issued;
    private volatile string valid = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != "app" || form["client_secret"] != "s3cret")
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 400);
            }

            valid = $"token-{Interlocked.Increment(ref issued)}";
            return Results.Json(new { access_token = valid, token_type = "Bearer", expires_in = 3600 });
        });
        app.MapGet("/api/data", (HttpRequest request) =>
            request.Headers.Authorization == $"Bearer {valid}" ? Results.Text("ok") : Results.StatusCode(401));
        await app.StartAsync();
        root = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task ATokenIsFetchedOnceAndKeptUntilItExpires()
    {
        var (http, api) = Api("s3cret");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(api, Call, Get, CancellationToken.None)).Status);
        }

        Assert.Equal(1, issued);
    }

    [Fact]
    public async Task ARevokedTokenIsRenewedOnTheFirst401()
    {
        var (http, api) = Api("s3cret");
        await http.SendAsync(api, Call, Get, CancellationToken.None);
        valid = "revoked";

        var answer = await http.SendAsync(api, Call, Get, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(2, issued);
    }

    [Fact]
    public async Task RefusedClientCredentialsNameTheSettings()
    {
        var (http, api) = Api("wrong");

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => http.SendAsync(api, Call, Get, CancellationToken.None));

        Assert.EndsWith("refused the client credentials (400); check CrmSync:Sources:sf:ClientId and CrmSync:Sources:sf:ClientSecret.", refused.Message);
    }

    private static readonly CrmCall Call = new("CrmSync:Sources:sf", "try again");

    private HttpRequestMessage Get() => new(HttpMethod.Get, new Uri(root, "api/data"));

    private (CrmHttp Http, CrmApi Api) Api(string clientSecret)
    {
        var clients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var credentials = new OAuthClientCredentials(clients, TimeProvider.System, new Uri(root, "oauth/token"), "app", clientSecret, "CrmSync:Sources:sf");
        return (new CrmHttp(clients, TimeProvider.System, NullLogger<CrmHttp>.Instance), new CrmApi("sf", "CrmSync:Sources:sf:InstanceUrl", credentials, new CrmRetryPolicy()));
    }
}
