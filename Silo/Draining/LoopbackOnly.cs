using System.Net;

namespace JobScheduler.Silo.Draining;

/// <summary>The rule of the silo's local endpoints: only a caller on this host (a loopback address) may use them.</summary>
public static class LoopbackOnly
{
    /// <summary>True for 127.0.0.0/8, ::1 and their IPv4-mapped forms; false for anything else, including no address.</summary>
    public static bool Allows(IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
}
