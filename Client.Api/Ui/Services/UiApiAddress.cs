using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>
/// Where the UI's server side reaches the API: <see cref="UiOptions.ApiBaseAddress"/>, or else the first address the
/// server is bound to (http preferred), a wildcard or <c>localhost</c> bind becoming 127.0.0.1.
/// </summary>
internal sealed class UiApiAddress(IServer server, IOptions<UiOptions> options)
{
    private Uri? _address;

    /// <summary>The API's base address (known once the server listens).</summary>
    public Uri BaseAddress => _address ??= options.Value.ApiBaseAddress ?? FromServer();

    private Uri FromServer()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var bound = addresses.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 1 : 0).FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"The server has no bound address for the UI to call the API on; set {UiOptions.SectionName}:ApiBaseAddress.");
        return Loopback(bound);
    }

    /// <summary>The address to call for a bound address: wildcards and <c>localhost</c> become 127.0.0.1.</summary>
    internal static Uri Loopback(string bound)
    {
        var host = Security.AuthOptionsValidator.HostOf(bound);
        var scheme = bound.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var port = bound[(bound.LastIndexOf(':') + 1)..].TrimEnd('/');
        host = host is "*" or "+" or "0.0.0.0" or "::" or "" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? "127.0.0.1"
            : host.Contains(':') ? $"[{host}]" : host;
        return new Uri($"{scheme}://{host}:{port}/");
    }
}
