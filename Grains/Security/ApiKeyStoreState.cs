using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Security;

/// <summary>The persisted API keys: descriptions and secret hashes, never secrets.</summary>
[GenerateSerializer, Alias("JobScheduler.ApiKeyStoreState")]
public sealed class ApiKeyStoreState
{
    /// <summary>Every key ever issued, revoked ones included.</summary>
    [Id(0)] public List<StoredApiKey> Keys { get; set; } = [];
}

/// <summary>One stored key: what the API shows, plus the SHA-256 of the key (base64).</summary>
[GenerateSerializer, Alias("JobScheduler.StoredApiKey")]
public sealed record StoredApiKey
{
    /// <summary>What the API shows of the key.</summary>
    [Id(0)] public required ApiKeyInfo Info { get; init; }

    /// <summary>SHA-256 of the whole key, base64.</summary>
    [Id(1)] public required string SecretHash { get; init; }
}
