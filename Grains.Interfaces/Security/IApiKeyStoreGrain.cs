namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The API keys of the cluster (one grain, key 0). Secrets are stored as SHA-256 hashes only and compared in
/// constant time; a revoked key is kept (for its history) and never verifies again.
/// </summary>
[Alias("JobScheduler.IApiKeyStoreGrain")]
public interface IApiKeyStoreGrain : IGrainWithIntegerKey
{
    /// <summary>Creates a key. Throws <see cref="JobValidationException"/> for an invalid request; nothing is stored then.</summary>
    [Alias("Create")]
    Task<ApiKeyCreated> Create(ApiKeyRequest request, string actor);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<ApiKeyInfo>> List();

    /// <summary>Revokes a key; returns it afterwards, or null when no key has this id. Idempotent.</summary>
    [Alias("Revoke")]
    Task<ApiKeyInfo?> Revoke(string keyId, string actor);

    /// <summary>
    /// The key with this id when <paramref name="secretHash"/> (SHA-256 of the whole presented key) matches its
    /// stored hash and it is not revoked; null otherwise.
    /// </summary>
    [Alias("Verify")]
    Task<ApiKeyInfo?> Verify(string keyId, byte[] secretHash);

    /// <summary>
    /// Creates the first admin key when no key was ever issued, and returns it; null when keys exist already
    /// (so that of several API processes starting at once, one prints a key and the others nothing).
    /// </summary>
    [Alias("IssueBootstrap")]
    Task<ApiKeyCreated?> IssueBootstrap();
}
