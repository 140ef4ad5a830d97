using System.Net;
using System.Net.Sockets;

namespace CrmSync.Testing;

public static class Ports
{
    // Below Linux's ephemeral range (32768–60999) and Windows' (49152–65535). The kernel hands out ports of that range
    // to outgoing connections and to port-0 listeners, so a port found free there can be taken by any connection in
    // the moment before the resource binds it: a test system's simulator once failed to start so, under a parallel run.
    private const int First = 20000;
    private const int Last = 32000;

    private static readonly HashSet<int> Issued = [];

    /// <summary>
    /// Loopback ports nothing listens on at the moment, all different and never given out before in this process, so
    /// the system under test never gets a port that a running AppHost (5080, 5090…) or another test holds.
    /// </summary>
    public static IReadOnlyList<int> Free(int count)
    {
        lock (Issued)
        {
            List<int> ports = [];
            while (ports.Count < count)
            {
                var port = Random.Shared.Next(First, Last);
                if (Issued.Add(port) && IsFree(port))
                {
                    ports.Add(port);
                }
            }

            return ports;
        }
    }

    /// <summary>Whether nothing listens on loopback <paramref name="port"/> now.</summary>
    internal static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
