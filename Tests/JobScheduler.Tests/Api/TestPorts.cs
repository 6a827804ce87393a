using System.Net;
using System.Net.Sockets;

namespace JobScheduler.Tests.Api;

/// <summary>Free loopback TCP ports for hosts started by tests, so parallel test runs never collide.</summary>
public static class TestPorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports that were free a moment ago. All listeners stay open until every port
    /// is picked, so the operating system cannot hand out the same port twice.
    /// </summary>
    public static int[] Get(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }
}
