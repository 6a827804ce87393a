using System.Net;
using System.Net.Sockets;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>Free loopback TCP ports for servers that tests start.</summary>
public static class FreePort
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago (the OS picks it, so parallel tests rarely collide).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
