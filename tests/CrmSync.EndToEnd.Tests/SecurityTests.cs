using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using CrmSync.Connectors.Shared;

namespace CrmSync.EndToEnd.Tests;

/// <summary>
/// The claims of docs/security.md that need the real gateway: what a stranger who found its URL can do with a replayed,
/// endless, slow or probing request, and what the system's logs and answers give away.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class SecurityTests
{
    private readonly CrmSyncSystem _system;
    private readonly OtlpCatcher _telemetry;
    private readonly List<string> _output = [];

    public SecurityTests(SharedSystemFixture fixture, ITestOutputHelper output)
    {
        _system = fixture.System;
        _telemetry = fixture.Telemetry;
        _system.ShowOutputIn(line =>
        {
            lock (_output)
            {
                _output.Add(line);
            }

            output.WriteLine(line);
        });
    }

    [Fact]
    public async Task ACapturedSignedRequestReplayedWithinItsWindowChangesNothing()
    {
        var change = GenericChange.Account(RecordIds.New("Replay"), 1, new { name = "Captured" });
        var captured = WebhookMessage.Of(change);
        Assert.Equal("accepted", (await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(captured))).Outcome);
        var written = await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, change.Id);

        var replayed = await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(captured));

        Assert.Equal("duplicate", replayed.Outcome);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await _system.Dataverse.RowAsync(EmulatorClient.Accounts, change.Id);
        Assert.Equal(written["versionnumber"]?.ToString(), after?["versionnumber"]?.ToString());
    }

    [Fact]
    public async Task AnEndlessChunkedBodyIsRefusedWhileItIsStillBeingSent()
    {
        using var connection = await ConnectAsync();
        await connection.WriteAsync(Head("Transfer-Encoding: chunked"));
        var chunk = Encoding.ASCII.GetBytes($"400\r\n{new string('x', 0x400)}\r\n");
        var answer = ReadAnswerAsync(connection);
        var sent = 0L;

        // The body never ends: only a gateway that stops reading at its limit can answer at all.
        while (!answer.IsCompleted && sent < 64L * 1024 * 1024)
        {
            try
            {
                await connection.WriteAsync(chunk);
                sent += chunk.Length;
            }
            catch (IOException)
            {
                break;
            }
        }

        var status = await answer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 413", status);
        Assert.True(sent < 64L * 1024 * 1024, $"The gateway read {sent} bytes without answering.");
    }

    [Fact]
    public async Task ASlowlorisBodyIsCutOffByKestrelsMinimumDataRate()
    {
        using var connection = await ConnectAsync();
        await connection.WriteAsync(Head("Content-Length: 60000"));
        var answer = ReadAnswerAsync(connection);
        var clock = Stopwatch.StartNew();

        // One byte a second is far below Kestrel's 240 bytes a second after its 5 s grace.
        while (!answer.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            try
            {
                await connection.WriteAsync("x"u8.ToArray());
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        var status = await answer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"The slow body held the connection for {clock.Elapsed}.");
        Assert.True(status is "" || status.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"Expected 408 or a closed connection, got '{status}'.");
    }

    [Fact]
    public async Task ARefusedBodyIsNeverEchoedBack()
    {
        const string Marker = "ECHO-<script>alert(1)</script>-7f3a";
        var bodies = new[]
        {
            $"[{{\"entity\":\"account\",\"id\":\"{Marker}\",\"version\":1,\"fields\":{{\"name\":\"x\"}}",
            $"[{{\"entity\":\"{Marker}\",\"id\":\"E-1\",\"version\":1,\"fields\":{{}}}}]",
            $"[{{\"entity\":\"account\",\"id\":\"E-2\",\"version\":1,\"fields\":{{\"{Marker}\":1}}}}]",
            $"{{\"{Marker}\":true}}",
        };

        foreach (var body in bodies)
        {
            var signed = await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of(body)));
            var unsigned = await _system.Webhooks.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"webhooks/{WebhookSender.Source}")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });

            foreach (var response in new[] { signed, unsigned })
            {
                Assert.True((int)response.Status is >= 400 and < 500, $"Expected a 4xx for {body}, got {response}");
                Assert.DoesNotContain("ECHO-", response.Body, StringComparison.Ordinal);
                Assert.DoesNotContain("<script>", response.Body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task NoSecretAppearsInTheLogsTheTelemetryOrAnyAnswer()
    {
        var secret = _system.SourceSecret;
        var key = secret["whsec_".Length..];
        var change = GenericChange.Account(RecordIds.New("Secret"), 1, new { name = "Logged?" });
        var answers = new List<WebhookResponse>
        {
            await _system.Webhooks.SendAsync(change),
            await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of(change), secret: WebhookSecret.Generate())),
            await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of("not json"))),
            await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of(change), source: "nosuchcrm")),
            await _system.Webhooks.SendAsync(_system.Webhooks.CreateRequest(WebhookMessage.Of(change), source: SharedSystemFixture.PullOnlySource)),
            // A Dynamics 365 service endpoint sends its key in the URL: the right key with a body that is no notification.
            await _system.Webhooks.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"webhooks/{SharedSystemFixture.KeyInUrlSource}?code={SharedSystemFixture.KeyInUrl}")
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            }),
        };
        Assert.Equal(HttpStatusCode.BadRequest, answers[^1].Status);
        await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, change.Id);

        // The key-in-URL request's own span proves the traces were exported before they are searched.
        var traces = await Eventually.MatchesAsync(
            () => Task.FromResult(_telemetry.Payloads("traces")),
            payloads => payloads.Any(payload => Contains(payload, $"webhooks/{SharedSystemFixture.KeyInUrlSource}")),
            "a trace of the request to the key-in-URL source",
            TimeSpan.FromSeconds(30));
        var logs = _telemetry.Payloads("logs");
        Assert.NotEmpty(logs);
        var exported = traces.Concat(logs).Concat(_telemetry.Payloads("metrics")).ToList();

        // Console output: what the processes wrote during this test, and the last lines each keeps since it started.
        List<string> console;
        lock (_output)
        {
            console = [.. _output, _system.RecentOutput()];
        }

        foreach (var value in new[] { key, SharedSystemFixture.KeyInUrl })
        {
            Assert.All(answers, answer => Assert.DoesNotContain(value, answer.Body, StringComparison.Ordinal));
            Assert.DoesNotContain(exported, payload => Contains(payload, value));
            Assert.DoesNotContain(console, line => line.Contains(value, StringComparison.Ordinal));
        }
    }

    private static bool Contains(byte[] payload, string text) => payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private byte[] Head(string framing) => Encoding.ASCII.GetBytes(
        $"POST /webhooks/{WebhookSender.Source} HTTP/1.1\r\nHost: {_system.GatewayUrl.Authority}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n");

    private async Task<NetworkStream> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(_system.GatewayUrl.Host, _system.GatewayUrl.Port);
        return client.GetStream();
    }

    /// <summary>The answer's status line, or "" when the gateway closes the connection without one.</summary>
    private static async Task<string> ReadAnswerAsync(NetworkStream connection)
    {
        var buffer = new byte[4096];
        try
        {
            var read = await connection.ReadAsync(buffer);
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            return text.Split("\r\n")[0];
        }
        catch (IOException)
        {
            return "";
        }
    }
}
