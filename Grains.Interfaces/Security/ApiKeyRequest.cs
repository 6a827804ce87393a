namespace JobScheduler.Grains.Interfaces;

/// <summary>What an admin asks for when creating an API key (<c>POST /api/v1/keys</c>).</summary>
[GenerateSerializer, Alias("JobScheduler.ApiKeyRequest")]
public sealed record ApiKeyRequest
{
    [Id(1)] private readonly string[] _scopes = [];
    [Id(2)] private readonly string[]? _queues;

    /// <summary>A name for people: who or what holds the key (1–100 characters, no control characters).</summary>
    [Id(0)] public string Name { get; init; } = "";

    /// <summary>The scopes the key grants (see <see cref="ApiScopes"/>); at least one.</summary>
    public IReadOnlyList<string> Scopes
    {
        get => _scopes;
        init => _scopes = value?.ToArray() ?? [];
    }

    /// <summary>
    /// The queues the key may see and act on, which makes its holder a tenant; absent (null) means every queue.
    /// An empty list is refused: a key that may use no queue is useless.
    /// </summary>
    public IReadOnlyList<string>? Queues
    {
        get => _queues;
        init => _queues = value?.ToArray();
    }
}
