using System.ComponentModel.DataAnnotations;

namespace JobScheduler.Grains.Hosting;

/// <summary>Where the cluster's Redis lives. Without a connection string the API runs in embedded mode.</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section: <c>Scheduler:Redis</c>.</summary>
    public const string SectionName = "Scheduler:Redis";

    /// <summary>Most replicas <see cref="ReplicaAcks"/> may ask for.</summary>
    public const int MaxReplicaAcks = 16;

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
}
