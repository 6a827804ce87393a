namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// What an operator sets on a queue (<c>PUT /api/v1/queues/{name}</c>): its cluster-wide concurrency limit,
/// the defaults its jobs inherit, and the container options it allows. Every value is optional.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.QueueSettings")]
public sealed record QueueSettings
{
    /// <summary>Most jobs of the queue running at once across the cluster; absent means no limit beyond the workers' slots.</summary>
    [Id(0)] public int? ConcurrencyLimit { get; init; }

    /// <summary>The retry policy for the queue's jobs where their own leaves a value out (before the server's defaults).</summary>
    [Id(1)] public RetryPolicy? Retry { get; init; }

    /// <summary>Resources for the queue's jobs where their own leave a value out (before the server's defaults).</summary>
    [Id(2)] public ResourceLimits? Resources { get; init; }

    /// <summary>Whether jobs may ask for <c>"network": "bridge"</c>; false by default (containers get no network).</summary>
    [Id(3)] public bool AllowNetwork { get; init; }

    /// <summary>
    /// The user the queue's containers run as, <c>uid[:gid]</c> (e.g. <c>"0:0"</c> for root) or a user name the
    /// image knows; absent means the server's <c>Scheduler:Containers:User</c> (<c>65534:65534</c>, nobody).
    /// </summary>
    [Id(10)] public string? User { get; init; }

    /// <summary>Whether the queue's containers get a writable root filesystem; false by default (read-only, with a writable <c>/tmp</c>).</summary>
    [Id(11)] public bool WritableRootFilesystem { get; init; }
}
