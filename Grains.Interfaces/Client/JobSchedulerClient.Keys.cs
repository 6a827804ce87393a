namespace JobScheduler.Grains.Interfaces;

public sealed partial class JobSchedulerClient
{
    /// <summary>Creates an API key on behalf of <paramref name="actor"/>; the answer holds the key itself, this once.</summary>
    /// <exception cref="JobValidationException">The request is invalid; nothing was stored.</exception>
    public Task<ApiKeyCreated> CreateApiKeyAsync(ApiKeyRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = ApiKeyRequestValidator.Validate(request);
        if (errors.Count > 0)
            throw new JobValidationException(errors);
        return grains.GetGrain<IApiKeyStoreGrain>(0).Create(request, actor).WaitAsync(cancellationToken);
    }

    /// <summary>Every API key, revoked ones included, oldest first; never a secret.</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        grains.GetGrain<IApiKeyStoreGrain>(0).List().WaitAsync(cancellationToken);

    /// <summary>Revokes an API key on behalf of <paramref name="actor"/>; the key afterwards, or null when no key has this id.</summary>
    public Task<ApiKeyInfo?> RevokeApiKeyAsync(string keyId, string actor, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IApiKeyStoreGrain>(0).Revoke(keyId, actor).WaitAsync(cancellationToken);
}
