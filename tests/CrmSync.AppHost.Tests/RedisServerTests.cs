using CrmSync.AppHost.Tests.Support;
using RedisFactAttribute = CrmSync.Testing.RedisFactAttribute;

namespace CrmSync.AppHost.Tests;

/// <summary>The redis-server cluster mode starts: ready when it answers PING, and what it acknowledged survives a crash.</summary>
[Collection(ProcessCollection.Name)]
public sealed class RedisServerTests
{
    private readonly LogCollector _log = new();

    [RedisFact]
    public async Task AnAcknowledgedWriteSurvivesAKillOfRedis()
    {
        using var data = new TempDirectory();
        var options = new AppHostOptions { DataDirectory = data.Path, Cluster = true, RedisPort = Ports.Free() };
        var redis = CrmSyncResources.Define(options, "whsec_AAAA")[0];
        redis.EnsureBuilt();
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([redis.ToSpec("Testing", [], EnvironmentVariables.Current())]);

        Assert.Equal("+OK", await CommandAsync(options.RedisPort, "SET", "change", "acknowledged"));
        await orchestrator.Resources[0].KillAsync();
        await orchestrator.RestartAsync(CrmSyncResources.Redis);

        Assert.Equal("$12\r\nacknowledged", await CommandAsync(options.RedisPort, "GET", "change"));
        Assert.True(Directory.Exists(Path.Combine(data.Path, "redis", "appendonlydir")));
    }

    /// <summary>One command in Redis's protocol; the answer without its last line break.</summary>
    private static async Task<string> CommandAsync(int port, params string[] parts)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var request = $"*{parts.Length}\r\n" + string.Concat(parts.Select(part => $"${part.Length}\r\n{part}\r\n"));
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read).TrimEnd('\r', '\n');
    }
}
