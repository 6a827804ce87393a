namespace JobScheduler.Client.Api.Security;

/// <summary>Who may call the API (<c>Scheduler:Auth</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Auth";

    /// <summary>Default-deny <see cref="AuthMode.Keys"/>, or <see cref="AuthMode.Open"/> on loopback only. Default <c>Keys</c>.</summary>
    public AuthMode Mode { get; set; } = AuthMode.Keys;

    /// <summary>
    /// An admin key from configuration (e.g. the environment variable <c>Scheduler__Auth__BootstrapKey</c>), at least
    /// 24 characters. When absent or empty, the first API process to start against an empty key store creates an admin key
    /// and prints it once to its log.
    /// </summary>
    public string? BootstrapKey { get; set; }

    /// <summary>
    /// How long an API process trusts a verified key before asking the key store again; a revoked key is refused
    /// by every process within this time. Default 2 s; at most 5 s.
    /// </summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>JWT bearer tokens (off by default).</summary>
    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>The per-principal rate limit.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>What one principal may create through the API: schedules.</summary>
    public PrincipalQuotaOptions Quotas { get; set; } = new();

    /// <summary>The shortest bootstrap key accepted.</summary>
    public const int MinBootstrapKeyLength = 24;
}
