using System.Net;
using System.Net.Sockets;

namespace JobScheduler.Grains.Policy;

/// <summary>
/// Which addresses are not on the public internet: loopback, link-local (cloud metadata services live there),
/// private, carrier-grade NAT, unspecified, multicast and reserved ranges, in IPv4 and IPv6, including IPv4 addresses
/// wrapped in IPv6 (mapped, 6to4, NAT64).
/// </summary>
public static class PrivateAddresses
{
    /// <summary>True when <paramref name="address"/> is not a public unicast address.</summary>
    public static bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
            return Contains(address.MapToIPv4());
        var bytes = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPrivateV4(bytes),
            AddressFamily.InterNetworkV6 => IsPrivateV6(address, bytes),
            _ => true,
        };
    }

    private static bool IsPrivateV4(byte[] b) =>
        b[0] is 0 or 10 or 127 or >= 224 // "this" network, private, loopback, multicast and reserved
        || (b[0] == 100 && (b[1] & 0xC0) == 64) // 100.64.0.0/10, carrier-grade NAT
        || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16) // 172.16.0.0/12
        || (b[0] == 192 && b[1] == 0 && b[2] == 0) // 192.0.0.0/24, protocol assignments
        || (b[0] == 192 && b[1] == 168) // 192.168.0.0/16
        || (b[0] == 198 && (b[1] & 0xFE) == 18); // 198.18.0.0/15, benchmarking

    private static bool IsPrivateV6(IPAddress address, byte[] b)
    {
        if (IPAddress.IPv6Any.Equals(address) || IPAddress.IPv6Loopback.Equals(address))
            return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC) // fc00::/7, unique local
            return true;
        if (b[0] == 0x20 && b[1] == 0x02) // 2002::/16, 6to4: the IPv4 address follows
            return IsPrivateV4(b[2..6]);
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].All(x => x == 0)) // 64:ff9b::/96, NAT64
            return IsPrivateV4(b[12..16]);
        return b[..12].All(x => x == 0); // IPv4-compatible (deprecated) and other ::/96 forms
    }
}
