using System.Security.Cryptography;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Security;

/// <summary>
/// Holds the cluster's API keys in one persistent grain: a handful to a few thousand keys, read through a short
/// cache in each API process (so a revocation reaches every process within that cache's lifetime).
/// </summary>
public sealed partial class ApiKeyStoreGrain(
    [PersistentState("apikeys")] IPersistentState<ApiKeyStoreState> state,
    TimeProvider time,
    ILogger<ApiKeyStoreGrain> logger) : Grain, IApiKeyStoreGrain
{
    /// <summary>The name of the key issued at first start.</summary>
    public const string BootstrapKeyName = "bootstrap";

    public async Task<ApiKeyCreated> Create(ApiKeyRequest request, string actor)
    {
        var errors = ApiKeyRequestValidator.Validate(request);
        if (errors.Count > 0)
            throw new ArgumentException(new JobValidationException(errors).Message, nameof(request));
        var created = NewKey(request, actor);
        await WriteAsync(keys => keys.Add(created.Stored));
        LogCreated(created.Key.Info.Id, actor, string.Join(' ', request.Scopes));
        return created.Key;
    }

    public Task<IReadOnlyList<ApiKeyInfo>> List() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. state.State.Keys.Select(k => k.Info)]);

    public async Task<ApiKeyInfo?> Revoke(string keyId, string actor)
    {
        var index = state.State.Keys.FindIndex(k => k.Info.Id == keyId);
        if (index < 0)
            return null;
        var key = state.State.Keys[index];
        if (key.Info.RevokedAt is not null)
            return key.Info;
        var revoked = key with { Info = key.Info with { RevokedAt = time.GetUtcNow(), RevokedBy = actor } };
        await WriteAsync(keys => keys[index] = revoked);
        LogRevoked(keyId, actor);
        return revoked.Info;
    }

    public Task<ApiKeyInfo?> Verify(string keyId, byte[] secretHash)
    {
        var key = state.State.Keys.Find(k => k.Info.Id == keyId);
        if (key is null || secretHash is not { Length: 32 })
            return Task.FromResult<ApiKeyInfo?>(null);
        var matches = CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(key.SecretHash), secretHash);
        return Task.FromResult(matches && key.Info.RevokedAt is null ? key.Info : null);
    }

    public async Task<ApiKeyCreated?> IssueBootstrap()
    {
        if (state.State.Keys.Count > 0)
            return null;
        var created = NewKey(new ApiKeyRequest { Name = BootstrapKeyName, Scopes = [ApiScopes.Admin] }, actor: "system");
        await WriteAsync(keys => keys.Add(created.Stored));
        LogCreated(created.Key.Info.Id, "system", ApiScopes.Admin);
        return created.Key;
    }

    private (ApiKeyCreated Key, StoredApiKey Stored) NewKey(ApiKeyRequest request, string actor)
    {
        var (id, key) = ApiKeyFormat.New();
        var info = new ApiKeyInfo
        {
            Id = id,
            Name = request.Name,
            Scopes = [.. request.Scopes.Distinct(StringComparer.Ordinal)],
            Queues = request.Queues is null ? null : [.. request.Queues.Distinct(StringComparer.Ordinal)],
            CreatedAt = time.GetUtcNow(),
            CreatedBy = actor,
        };
        return (new ApiKeyCreated { Info = info, Key = key }, new StoredApiKey { Info = info, SecretHash = Convert.ToBase64String(ApiKeyFormat.Hash(key)) });
    }

    private async Task WriteAsync(Action<List<StoredApiKey>> change)
    {
        change(state.State.Keys);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The change was not stored: forget it, so that memory never holds a key that storage does not.
            await state.ReadStateAsync();
            throw;
        }
    }
}
