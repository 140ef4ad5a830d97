using System.Net;
using System.Net.Sockets;

namespace CrmSync.Testing;

public static class Ports
{
    /// <summary>
    /// Loopback ports nothing listens on at the moment, all different: each is held until all are found,
    /// so the system under test never gets a port that a running AppHost (5080, 5090…) or another test holds.
    /// </summary>
    public static IReadOnlyList<int> Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(listener => listener.Dispose());
        }
    }
}
