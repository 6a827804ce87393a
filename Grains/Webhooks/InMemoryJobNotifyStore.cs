using System.Collections.Concurrent;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Webhooks;

/// <summary>Jobs' notify subscriptions in memory (embedded mode); a restart empties it, as it empties the jobs.</summary>
public sealed class InMemoryJobNotifyStore : IJobNotifyStore
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<WebhookTarget>> _targets = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SetAsync(string jobId, IReadOnlyList<WebhookTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets[jobId] = [.. targets];
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<WebhookTarget>>> GetAsync(IReadOnlyCollection<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var found = new Dictionary<string, IReadOnlyList<WebhookTarget>>(StringComparer.Ordinal);
        foreach (var id in jobIds)
        {
            if (_targets.TryGetValue(id, out var targets))
                found[id] = targets;
        }
        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<WebhookTarget>>>(found);
    }

    /// <inheritdoc />
    public Task RemoveAsync(string jobId)
    {
        _targets.TryRemove(jobId, out _);
        return Task.CompletedTask;
    }
}
