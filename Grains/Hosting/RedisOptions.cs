using System.ComponentModel.DataAnnotations;

namespace JobScheduler.Grains.Hosting;

/// <summary>Where the cluster's Redis lives. Without a connection string the API runs in embedded mode.</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section: <c>Scheduler:Redis</c>.</summary>
    public const string SectionName = "Scheduler:Redis";

    /// <summary>Most replicas <see cref="ReplicaAcks"/> may ask for.</summary>
    public const int MaxReplicaAcks = 16;

    /// <summary>Most shards <see cref="Shards"/> may ask for.</summary>
    public const int MaxShards = 1024;

    /// <summary>
    /// A StackExchange.Redis connection string, e.g. <c>127.0.0.1:6379</c>; with Sentinel, the sentinels and the
    /// monitored service, e.g. <c>10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379,serviceName=jobscheduler</c> (every
    /// connection then goes to the current primary and follows failovers); <c>ssl=true</c> for TLS. Default: none
    /// (embedded mode). See docs/redis.md.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every key the scheduler writes besides Orleans' own. Default: <c>jobscheduler</c>.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string KeyPrefix { get; set; } = "jobscheduler";

    /// <summary>
    /// How many replicas must acknowledge a grain state write (and every write of a job's transition) before it counts
    /// as done: after the writes the silo runs <c>WAIT ReplicaAcks ReplicaAckTimeout</c>, and when fewer replicas
    /// answer in time the call fails (the API answers 503 with <c>Retry-After</c>) instead of acknowledging a write
    /// only one Redis holds. 0 (the default) waits for none: a write is acknowledged when the primary has it.
    /// At most <see cref="MaxReplicaAcks"/>.
    /// </summary>
    public int ReplicaAcks { get; set; }

    /// <summary>
    /// Longest a write waits for <see cref="ReplicaAcks"/> replicas. Default: 1 s; between 10 ms and 30 s (whole
    /// milliseconds).
    /// </summary>
    public TimeSpan ReplicaAckTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many shards the scheduler's own keys (job index, deadlines, event stream) are split into, for a Redis
    /// Cluster: a job lives in shard <c>hash(id) mod Shards</c>, and each shard's keys share the hash tag
    /// <c>{KeyPrefix:s&lt;n&gt;}</c>, so every script touches one slot while the shards spread over the primaries.
    /// Default: 1, which keeps today's key names (no hash tag) on a single Redis; on a Redis Cluster (detected from the
    /// connection) 1 means one tagged slot. Between 1 and <see cref="MaxShards"/>. See docs/redis.md.
    /// </summary>
    public int Shards { get; set; } = 1;

    /// <summary>
    /// With more than one shard, how long an event waits before readers of the merged event stream see it, so that an
    /// event a slower shard adds a moment later (or whose primary's clock is a little behind) is not passed by the
    /// merged cursor. Default: 1 s; between 0 and 1 min. Unused with one shard.
    /// </summary>
    public TimeSpan EventSettle { get; set; } = TimeSpan.FromSeconds(1);
}
