using System.Collections.Concurrent;
using System.Security.Cryptography;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// Verifies presented API keys against the key store, remembering each answer (valid or not) for
/// <see cref="AuthOptions.KeyCacheDuration"/>, so that a busy client costs the store one call per key per period
/// and a revocation reaches every API process within it.
/// </summary>
internal sealed class ApiKeyVerifier(IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time)
{
    private const int MaxCachedKeys = 10_000;
    private readonly ConcurrentDictionary<string, (ApiKeyInfo? Key, long At)> _cache = new(StringComparer.Ordinal);
    private readonly byte[]? _bootstrapHash = options.Value.BootstrapKey is { Length: > 0 } key ? ApiKeyFormat.Hash(key) : null;

    /// <summary>Whether <paramref name="presented"/> is the configured bootstrap key (constant-time on the hashes).</summary>
    public bool IsBootstrapKey(string presented) =>
        _bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(_bootstrapHash, ApiKeyFormat.Hash(presented));

    /// <summary>The key's description when <paramref name="presented"/> is a valid, unrevoked key; null otherwise.</summary>
    public async Task<ApiKeyInfo?> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryGetId(presented, out var id))
            return null;
        var hash = ApiKeyFormat.Hash(presented);
        // The cache is keyed by the hash, so it never holds a key, and an id presented with a wrong secret
        // cannot reuse the answer for the right one.
        var cacheKey = Convert.ToBase64String(hash);
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(cacheKey, out var cached) && time.GetElapsedTime(cached.At, now) < options.Value.KeyCacheDuration)
            return cached.Key;

        var key = await grains.GetGrain<IApiKeyStoreGrain>(0).Verify(id, hash).WaitAsync(cancellationToken);
        if (_cache.Count >= MaxCachedKeys)
            _cache.Clear(); // A flood of made-up keys must not grow memory; valid keys are re-verified once.
        _cache[cacheKey] = (key, now);
        return key;
    }
}
