using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Policy;

/// <summary>
/// Refuses images whose registry is on a loopback, link-local or private address (an IP literal, <c>localhost</c>, or
/// a name that resolves to one), unless <see cref="ImagePolicyOptions.AllowedPrivateRegistries"/> lists it, so that a
/// pull can never be aimed at the silo's own network. Docker Hub is never resolved. Answers are kept briefly.
/// </summary>
public sealed class RegistryAddressGuard(IOptions<ImagePolicyOptions> options, TimeProvider time)
{
    // Answers are kept this long so a burst of submissions from one registry resolves it once.
    private static readonly TimeSpan AnswerLifetime = TimeSpan.FromSeconds(30);

    // Hosts come from users: the cache is emptied rather than allowed to grow without bound.
    private const int MaxCachedHosts = 1024;

    private readonly ImagePolicyOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, (string? Refusal, DateTimeOffset Expires)> _answers = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="image"/>'s registry is refused, or null when it may be pulled from.</summary>
    public async Task<string?> RefusalAsync(ImageName image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.IsDockerHub || IsListed(image))
            return null;

        var now = time.GetUtcNow();
        if (_answers.TryGetValue(image.Host, out var known) && known.Expires > now)
            return known.Refusal;
        var refusal = await DecideAsync(image.Host);
        if (_answers.Count >= MaxCachedHosts)
            _answers.Clear();
        _answers[image.Host] = (refusal, now + AnswerLifetime);
        return refusal;
    }

    private bool IsListed(ImageName image) =>
        _options.AllowedPrivateRegistries.Any(r =>
            string.Equals(r, image.Registry, StringComparison.OrdinalIgnoreCase) || string.Equals(r, image.Host, StringComparison.OrdinalIgnoreCase));

    private async Task<string?> DecideAsync(string host)
    {
        const string Unlisted = "Registries on loopback, link-local or private addresses are refused unless the server lists them (Scheduler:Images:AllowedPrivateRegistries).";
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return $"The registry '{host}' is the local machine. {Unlisted}";
        if (IPAddress.TryParse(host, out var literal))
            return PrivateAddresses.Contains(literal) ? $"The registry address {literal} is not public. {Unlisted}" : null;

        IPAddress[] addresses;
        using var timeout = new CancellationTokenSource(_options.ResolveTimeout, time);
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
        }
        catch (SocketException)
        {
            return $"The registry host '{host}' cannot be resolved, so its addresses cannot be checked.";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"The registry host '{host}' did not resolve within {_options.ResolveTimeout.TotalSeconds:0.###} s, so its addresses cannot be checked.";
        }
        if (addresses.Length == 0)
            return $"The registry host '{host}' has no addresses.";
        return addresses.FirstOrDefault(PrivateAddresses.Contains) is { } inside
            ? $"The registry host '{host}' resolves to {inside}, which is not public. {Unlisted}"
            : null;
    }
}
