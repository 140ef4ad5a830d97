using System.Collections.Concurrent;

namespace CrmSync.AppHost.Tests.Support;

public sealed class LogCollector
{
    private readonly ConcurrentQueue<ResourceLogLine> _lines = new();

    public IReadOnlyList<ResourceLogLine> Lines => [.. _lines];

    public void Add(ResourceLogLine line) => _lines.Enqueue(line);

    public async Task WaitForAsync(string resource, string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!_lines.Any(line => line.Resource == resource && line.Text == text))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{resource}' never wrote '{text}'.");
            }

            await Task.Delay(20);
        }
    }
}
