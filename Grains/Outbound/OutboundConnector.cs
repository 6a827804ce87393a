using System.Net;
using System.Net.Sockets;

namespace JobScheduler.Grains.Outbound;

/// <summary>
/// The guard's socket handler: it resolves the host itself and checks every address it got before connecting to one, so
/// a name that resolves to a public address when the URL is checked and to a private one when connecting (DNS rebinding)
/// is still refused. Redirects are never followed here (<see cref="OutboundHttp"/> follows and re-checks them).
/// </summary>
public static class OutboundConnector
{
    /// <summary>A handler whose every connection goes through the address check of <paramref name="options"/>.</summary>
    public static SocketsHttpHandler CreateHandler(OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            // Never longer than the whole request may take.
            ConnectTimeout = options.ConnectTimeout < options.Timeout ? options.ConnectTimeout : options.Timeout,
            AutomaticDecompression = DecompressionMethods.None,
            // A name's addresses may change: pooled connections are replaced, and each new one is checked again.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, options, cancellationToken),
        };
    }

    /// <summary>Resolves <paramref name="endpoint"/>, refuses it when any address is not allowed, and connects to the checked addresses.</summary>
    /// <exception cref="OutboundRefusedException">An address is not allowed, or the host does not resolve.</exception>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, OutboundOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        IPAddress[] addresses;
        if (IPAddress.TryParse(endpoint.Host, out var literal))
            addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
            }
            catch (SocketException e)
            {
                throw new OutboundRefusedException($"the host '{endpoint.Host}' does not resolve", e);
            }
        }
        if (addresses.Length == 0)
            throw new OutboundRefusedException($"the host '{endpoint.Host}' has no addresses");
        // Every address, not only the first: the connection may be made to any of them.
        foreach (var address in addresses)
            if (OutboundHostRules.AddressRefusal(address, options) is { } refusal)
                throw new OutboundRefusedException(refusal);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
