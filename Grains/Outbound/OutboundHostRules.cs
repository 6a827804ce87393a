using System.Net;
using System.Net.Sockets;
using JobScheduler.Grains.Policy;

namespace JobScheduler.Grains.Outbound;

/// <summary>
/// The guard's pure rules: which URLs, hosts and resolved addresses <see cref="OutboundOptions"/> allows. Each answer is a
/// short reason to refuse, or null to allow.
/// </summary>
public static class OutboundHostRules
{
    /// <summary>Whether <paramref name="pattern"/> is a host name or a <c>*.suffix</c> wildcard.</summary>
    public static bool IsValidPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
            return false;
        var host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return host.Length is > 0 and <= 253 && Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }

    /// <summary>Why <paramref name="url"/> may not be requested (scheme, host lists), or null.</summary>
    public static string? UrlRefusal(Uri url, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        if (!url.IsAbsoluteUri)
            return "the URL is not absolute";
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && options.AllowHttp))
            return options.AllowHttp ? $"the scheme '{url.Scheme}' is not http or https" : $"the scheme '{url.Scheme}' is not allowed (https only)";
        if (!string.IsNullOrEmpty(url.UserInfo))
            return "credentials in the URL are not allowed";
        var host = url.IdnHost.TrimEnd('.');
        if (options.DeniedHosts.Any(p => Matches(p, host)))
            return $"the host '{host}' is denied";
        if (options.AllowedHosts.Count > 0 && !options.AllowedHosts.Any(p => Matches(p, host)))
            return $"the host '{host}' is not on the allow-list";
        return null;
    }

    /// <summary>Why a connection to <paramref name="address"/> is refused (loopback, link-local, private), or null.</summary>
    public static string? AddressRefusal(IPAddress address, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return options.AllowLoopback ? null : $"the address {address} is loopback";
        if (IsLinkLocal(address))
            return options.AllowLinkLocal ? null : $"the address {address} is link-local";
        if (PrivateAddresses.Contains(address))
            return options.AllowPrivateNetworks ? null : $"the address {address} is not public";
        return null;
    }

    private static bool IsLinkLocal(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? address.GetAddressBytes() is [169, 254, _, _]
        : address.IsIPv6LinkLocal;

    private static bool Matches(string pattern, string host) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern.TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase);
}
