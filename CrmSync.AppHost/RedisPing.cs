using System.Net.Sockets;
using System.Text;

namespace CrmSync.Hosting;

/// <summary>
/// Readiness of a Redis server: it answers PING with PONG (while it loads its append-only file it answers LOADING).
/// The AppHost's health check of redis-server; shared as source with the test harness (tests/CrmSync.Testing).
/// </summary>
public static class RedisPing
{
    public const string Scheme = "redis";

    /// <summary>Null when ready, otherwise what the server answered or why it could not.</summary>
    public static async Task<string?> ProbeAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            var answer = Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
            return answer == "+PONG" ? null : $"PING answered '{answer}'";
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return e.Message;
        }
    }
}
