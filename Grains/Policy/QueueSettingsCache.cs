using System.Collections.Concurrent;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Policy;

/// <summary>
/// Each queue's settings as this silo last read them, kept for <see cref="SubmissionLimitsOptions.QueueSettingsCacheDuration"/>,
/// so that checking a submission against its queue costs no call to the queue grain on the common path. A queue grain
/// whose settings change on this silo drops its entry at once.
/// </summary>
public sealed class QueueSettingsCache(IGrainFactory grains, IOptions<SubmissionLimitsOptions> options, TimeProvider time)
{
    // Queue names come from users: the cache is emptied rather than allowed to grow without bound.
    private const int MaxCachedQueues = 10_000;

    private readonly TimeSpan _lifetime = options.Value.QueueSettingsCacheDuration;
    private readonly ConcurrentDictionary<string, (QueueSettings Settings, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    // Bumped by every invalidation: an answer fetched across one may be the old settings, and is not kept.
    private long _generation;

    /// <summary>The queue's settings, at most the cache duration old.</summary>
    public async ValueTask<QueueSettings> GetAsync(string queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(queue, out var entry) && entry.Expires > now)
            return entry.Settings;
        var generation = Interlocked.Read(ref _generation);
        var settings = await grains.GetGrain<IQueueGrain>(queue).GetSettings();
        if (_lifetime > TimeSpan.Zero && Interlocked.Read(ref _generation) == generation)
        {
            if (_entries.Count >= MaxCachedQueues)
                _entries.Clear();
            _entries[queue] = (settings, now + _lifetime);
        }
        return settings;
    }

    /// <summary>Forgets the queue's settings, so the next check reads them again.</summary>
    public void Invalidate(string queue)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(queue, out _);
    }
}
