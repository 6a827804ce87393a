using System.Net;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Security;

/// <summary>Reports every invalid <see cref="AuthOptions"/> value at once, at start.</summary>
internal sealed class AuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
            failures.Add($"{AuthOptions.SectionName}:Mode must be Keys or Open.");
        if (options.Mode == AuthMode.Open && BoundUrls(configuration).FirstOrDefault(url => !IsLoopback(url)) is { } exposed)
            failures.Add($"{AuthOptions.SectionName}:Mode=Open is only allowed when every bound URL is a loopback address; '{exposed}' is not. Use API keys.");
        if (options.BootstrapKey is { Length: > 0 } key && (key.Length < AuthOptions.MinBootstrapKeyLength || key.Any(char.IsWhiteSpace) || key.Any(char.IsControl)))
            failures.Add($"{AuthOptions.SectionName}:BootstrapKey must be at least {AuthOptions.MinBootstrapKeyLength} characters without spaces or control characters (e.g. `openssl rand -hex 24`).");
        if (options.KeyCacheDuration < TimeSpan.Zero || options.KeyCacheDuration > TimeSpan.FromSeconds(5))
            failures.Add($"{AuthOptions.SectionName}:KeyCacheDuration must be between 00:00:00 and 00:00:05, so a revoked key is refused within 5 s.");
        if (options.RateLimit.PermitsPerSecond < 0)
            failures.Add($"{AuthOptions.SectionName}:RateLimit:PermitsPerSecond must be 0 (off) or positive.");
        if (options.RateLimit.PermitsPerSecond > 0 && options.RateLimit.Burst < 1)
            failures.Add($"{AuthOptions.SectionName}:RateLimit:Burst must be at least 1.");

        var quotas = options.Quotas;
        if (quotas.MaxSchedules < 0)
            failures.Add($"{AuthOptions.SectionName}:Quotas:MaxSchedules must be 0 (no quota) or positive.");
        if (quotas.RetryAfter <= TimeSpan.Zero || quotas.RetryAfter > TimeSpan.FromHours(1))
            failures.Add($"{AuthOptions.SectionName}:Quotas:RetryAfter must be between 00:00:01 and 01:00:00.");

        var jwt = options.Jwt;
        if (jwt.Enabled)
        {
            if (string.IsNullOrWhiteSpace(jwt.Audience))
                failures.Add($"{AuthOptions.SectionName}:Jwt:Audience is required when JWTs are on.");
            if (jwt.SigningKey is { } signingKey && System.Text.Encoding.UTF8.GetByteCount(signingKey) < 32)
                failures.Add($"{AuthOptions.SectionName}:Jwt:SigningKey must be at least 32 bytes.");
            if (jwt.Authority is { } authority && !Uri.TryCreate(authority, UriKind.Absolute, out _))
                failures.Add($"{AuthOptions.SectionName}:Jwt:Authority must be an absolute URL.");
            if (string.IsNullOrWhiteSpace(jwt.ScopesClaim) || string.IsNullOrWhiteSpace(jwt.QueuesClaim))
                failures.Add($"{AuthOptions.SectionName}:Jwt:ScopesClaim and QueuesClaim cannot be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The URLs the host binds: <c>Urls</c> (or <c>ASPNETCORE_URLS</c>, which feeds the same key), split on ';'.</summary>
    internal static IEnumerable<string> BoundUrls(IConfiguration configuration) =>
        (configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether a bound URL listens on loopback only (<c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>); wildcards are not.</summary>
    internal static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>The host part of a bound URL, without brackets; <c>*</c> or <c>+</c> for wildcards.</summary>
    internal static string HostOf(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? url : url[(start + 3)..];
        var slash = rest.IndexOf('/');
        if (slash >= 0)
            rest = rest[..slash];
        if (rest.StartsWith('['))
            return rest[1..Math.Max(1, rest.IndexOf(']'))];
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }
}
