using System.Globalization;

namespace JobScheduler.Silo.Draining;

/// <summary>
/// Where a process on the silo's host reaches the silo's HTTP port over loopback, from the silo's own configuration
/// (<c>Urls</c> / <c>ASPNETCORE_URLS</c>, else <c>HTTP_PORTS</c> / <c>ASPNETCORE_HTTP_PORTS</c>): a wildcard or
/// <c>localhost</c> host becomes <c>127.0.0.1</c>.
/// </summary>
public static class SiloLocalAddress
{
    /// <summary>Kestrel's own default when nothing is configured.</summary>
    public static readonly Uri Default = new("http://127.0.0.1:5000/");

    /// <summary>The first plain-HTTP address of <paramref name="urls"/> (or of <paramref name="httpPorts"/>), made loopback.</summary>
    public static Uri FromConfiguration(string? urls, string? httpPorts)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                continue;
            var authority = url["http://".Length..].Split('/')[0];
            var colon = authority.LastIndexOf(':');
            if (colon < 0 || authority.EndsWith(']'))
                return Loopback(Host(authority), 80);
            if (int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                return Loopback(Host(authority[..colon]), port);
        }
        var first = (httpPorts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var httpPort)
            ? Loopback("127.0.0.1", httpPort)
            : Default;
    }

    private static string Host(string host) => host switch
    {
        "*" or "+" or "0.0.0.0" or "[::]" or "" => "127.0.0.1",
        _ when host.Equals("localhost", StringComparison.OrdinalIgnoreCase) => "127.0.0.1",
        _ => host,
    };

    private static Uri Loopback(string host, int port) => new($"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}/");
}
