namespace JobScheduler.Client.Api.Security;

/// <summary>Reads the token of an <c>Authorization: Bearer</c> header.</summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    /// <summary>The bearer token, or null when the request carries none.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>Whether the token looks like a JWT (three dot-separated parts) rather than an API key.</summary>
    public static bool LooksLikeJwt(string token) =>
        !token.StartsWith(JobScheduler.Grains.Interfaces.ApiKeyFormat.Prefix, StringComparison.Ordinal) && token.Count(c => c == '.') == 2;
}
