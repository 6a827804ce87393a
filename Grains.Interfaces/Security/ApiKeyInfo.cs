namespace JobScheduler.Grains.Interfaces;

/// <summary>An API key as the API shows it: everything but its secret, which is stored only as a hash.</summary>
[GenerateSerializer, Alias("JobScheduler.ApiKeyInfo")]
public sealed record ApiKeyInfo
{
    [Id(2)] private readonly string[] _scopes = [];
    [Id(3)] private readonly string[]? _queues;

    /// <summary>The key's id: the public part of the key, used in logs and in the actor of a job's history.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The name given at creation.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>The scopes the key grants.</summary>
    public IReadOnlyList<string> Scopes
    {
        get => _scopes;
        init => _scopes = value?.ToArray() ?? [];
    }

    /// <summary>The queues the key is limited to; null when it may use every queue.</summary>
    public IReadOnlyList<string>? Queues
    {
        get => _queues;
        init => _queues = value?.ToArray();
    }

    /// <summary>When the key was created.</summary>
    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who created it (an actor such as <c>key:4f2a…</c>).</summary>
    [Id(5)] public string? CreatedBy { get; init; }

    /// <summary>When the key was revoked; null while it is valid.</summary>
    [Id(6)] public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Who revoked it.</summary>
    [Id(7)] public string? RevokedBy { get; init; }
}
