namespace JobScheduler.Grains.Interfaces;

/// <summary>A new API key: its description and, this once, its secret. The secret is not stored and cannot be shown again.</summary>
[GenerateSerializer, Alias("JobScheduler.ApiKeyCreated")]
public sealed record ApiKeyCreated
{
    /// <summary>The key's description.</summary>
    [Id(0)] public required ApiKeyInfo Info { get; init; }

    /// <summary>The key to send as <c>Authorization: Bearer &lt;key&gt;</c>; shown once.</summary>
    [Id(1)] public required string Key { get; init; }
}
