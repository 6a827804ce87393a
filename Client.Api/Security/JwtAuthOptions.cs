namespace JobScheduler.Client.Api.Security;

/// <summary>
/// OIDC/JWT bearer tokens as an alternative to API keys (<c>Scheduler:Auth:Jwt</c>). Off unless an
/// <see cref="Authority"/> or a <see cref="SigningKey"/> is set.
/// </summary>
public sealed class JwtAuthOptions
{
    /// <summary>The OIDC issuer whose discovery document gives the signing keys, e.g. <c>https://login.example.com/realms/ops</c>. None by default.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for. Required when JWTs are on.</summary>
    public string? Audience { get; set; }

    /// <summary>The issuer tokens must carry; defaults to the <see cref="Authority"/>'s.</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// A shared HS256 secret (at least 32 bytes of UTF-8) instead of an authority, for systems that mint their own
    /// tokens. None by default.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The claim that holds the scopes (space-separated, or one claim per scope). Default <c>scope</c>.</summary>
    public string ScopesClaim { get; set; } = "scope";

    /// <summary>The claim that holds the queues a token is limited to (space- or comma-separated, or repeated); absent = every queue. Default <c>queues</c>.</summary>
    public string QueuesClaim { get; set; } = "queues";

    /// <summary>Whether JWTs are accepted.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}
