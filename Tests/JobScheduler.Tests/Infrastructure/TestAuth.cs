using System.Net.Http.Headers;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// The credentials every test host is started with: a bootstrap admin key (<c>Scheduler:Auth:BootstrapKey</c>), and
/// no rate limit (tests submit in bursts; the rate-limit tests turn it on for themselves).
/// </summary>
public static class TestAuth
{
    /// <summary>The test hosts' bootstrap admin key.</summary>
    public const string AdminKey = "test-bootstrap-admin-key-0123456789abcdef";

    /// <summary>The settings that give a host <see cref="AdminKey"/> and no rate limit, as configuration keys.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Scheduler:Auth:BootstrapKey"] = AdminKey,
        ["Scheduler:Auth:RateLimit:PermitsPerSecond"] = "0",
    };

    /// <summary>The same settings as environment variables for a host process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> EnvironmentVariables =>
        Settings.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));

    /// <summary>Sends <paramref name="key"/> (the admin key by default) as the bearer token on every request of <paramref name="client"/>.</summary>
    public static HttpClient Authorize(this HttpClient client, string key = AdminKey)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
