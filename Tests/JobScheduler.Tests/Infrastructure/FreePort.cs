using System.Net;
using System.Net.Sockets;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// Loopback TCP ports for servers that tests start. Ports come from a range below Linux's
/// ephemeral range (32768–60999), walked by one counter per test process: asking the OS for
/// port 0 hands out ephemeral ports, which any outgoing connection may take before the server
/// binds (CI saw a silo fail with "address already in use" that way), and the OS may return
/// the same port to two calls in a row.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Last = 32_000;

    // Start at an offset tied to the process, so two test processes on one machine rarely walk the same ports.
    private static int _cursor = First + Environment.ProcessId * 97 % (Last - First);

    /// <summary>A port on 127.0.0.1 that no earlier call returned and that was free a moment ago.</summary>
    public static int Next()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = First + (Interlocked.Increment(ref _cursor) - First) % (Last - First);
            if (IsFree(port))
                return port;
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static int[] Many(int count) => Enumerable.Range(0, count).Select(_ => Next()).ToArray();

    private static bool IsFree(int port)
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
