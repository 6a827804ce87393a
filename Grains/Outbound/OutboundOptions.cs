namespace JobScheduler.Grains.Outbound;

/// <summary>
/// What the outbound-HTTP guard lets the service reach on a user's behalf (configuration section <see cref="SectionName"/>):
/// webhooks, and later Dockerfile and context fetches.
/// </summary>
public sealed class OutboundOptions
{
    /// <summary>The configuration section: <c>Scheduler:Outbound</c>.</summary>
    public const string SectionName = "Scheduler:Outbound";

    /// <summary>Whether plain <c>http</c> URLs are allowed (default false: <c>https</c> only).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Whether loopback addresses (127.0.0.0/8, ::1) may be reached (default false; tests turn it on).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Whether link-local addresses (169.254.0.0/16 — the cloud metadata service — and fe80::/10) may be reached (default false).</summary>
    public bool AllowLinkLocal { get; set; }

    /// <summary>
    /// Whether the other non-public addresses may be reached (default false): private (10/8, 172.16/12, 192.168/16),
    /// unique-local (fc00::/7), carrier-grade NAT, reserved and multicast ranges.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// When not empty, only these hosts may be reached (default empty: any host). An entry is a host name
    /// (<c>hooks.example.com</c>) or a suffix wildcard (<c>*.example.com</c>, which matches sub-domains only).
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Hosts never reached, in the same form as <see cref="AllowedHosts"/> (default empty); wins over the allow-list.</summary>
    public List<string> DeniedHosts { get; set; } = [];

    /// <summary>The most redirects followed for one request (default 5); each target is checked again.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>The largest response body read (default 1 MiB); a larger one is refused.</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>How long one request may take, redirects, retries and body included (default 10 seconds).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long resolving a host and connecting to it may take (default 5 seconds; never more than <see cref="Timeout"/>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Retries of a transient failure (connection refused, 408, 429, 5xx) by the retrying client
    /// (<see cref="OutboundHttp.Send"/> with <c>retry: true</c>), with exponential backoff and jitter (default 2).
    /// Webhook deliveries do not use them: they retry on their own, durable schedule.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 2;
}
