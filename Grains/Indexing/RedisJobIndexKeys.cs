using JobScheduler.Grains.Interfaces;
using StackExchange.Redis;

namespace JobScheduler.Grains.Indexing;

/// <summary>The index's Redis key names, all under <c>{prefix}:jobs:</c>.</summary>
internal sealed class RedisJobIndexKeys
{
    private readonly string _root;
    private readonly Dictionary<JobState, RedisKey> _states;

    public RedisJobIndexKeys(string prefix)
    {
        _root = prefix + ":jobs:";
        All = _root + "all";
        Summaries = _root + "summary";
        Queues = _root + "queues";
        // Built once: a state key is needed on every state change.
        _states = Enum.GetValues<JobState>().ToDictionary(s => s, s => (RedisKey)(_root + "state:" + s));
    }

    /// <summary>ZSET of every job.</summary>
    public RedisKey All { get; }

    /// <summary>HASH of job id → summary JSON.</summary>
    public RedisKey Summaries { get; }

    /// <summary>SET of the names of every queue that has held a job.</summary>
    public RedisKey Queues { get; }

    /// <summary>Every state with its ZSET.</summary>
    public IReadOnlyDictionary<JobState, RedisKey> States => _states;

    /// <summary>ZSET of the jobs in <paramref name="state"/>.</summary>
    public RedisKey State(JobState state) =>
        _states.TryGetValue(state, out var key) ? key : throw new ArgumentOutOfRangeException(nameof(state), state, null);

    /// <summary>ZSET of the jobs of <paramref name="queue"/>.</summary>
    public RedisKey Queue(string queue) => _root + "queue:" + queue;

    /// <summary>
    /// ZSET of <paramref name="queue"/>'s ready (<see cref="JobState.Queued"/>) jobs scored by when they became ready (unix
    /// ms), so the lowest score is the longest wait. Jobs queued before this set existed are not in it.
    /// </summary>
    public RedisKey Ready(string queue) => _root + "ready:" + queue;

    /// <summary>HASH of state name → how many of <paramref name="queue"/>'s jobs are in that state; a zero count has no field.</summary>
    public RedisKey Counts(string queue) => _root + "counts:" + queue;

    /// <summary>The counts by state of the jobs one principal submitted (a HASH, kept like a queue's).</summary>
    public RedisKey OwnerCounts(string owner) => _root + "owner-counts:" + owner;

    /// <summary>ZSET of the jobs labelled <paramref name="key"/>=<paramref name="value"/> (label keys never hold '=').</summary>
    public RedisKey Label(string key, string value) => _root + "label:" + key + "=" + value;

    /// <summary>A fresh key for one query's intersection; it never outlives the query.</summary>
    public RedisKey NewIntersection() => _root + "tmp:" + Guid.NewGuid().ToString("N");
}
