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
    /// The most the queue's jobs may ask for (<c>resources.cpus</c>, <c>resources.memoryMb</c>, <c>resources.pids</c>,
    /// <c>timeout</c>); it can only lower the server's maxima (<c>Scheduler:Limits</c>). Absent means the server's alone.
    /// </summary>
    [Id(20)] public JobMaxima? Maxima { get; init; }

    /// <summary>
    /// Which images the queue's jobs may run; an image must pass this and the server's policy (<c>Scheduler:Images</c>).
    /// Absent means the server's alone.
    /// </summary>
    [Id(21)] public ImagePolicy? ImagePolicy { get; init; }

    /// <summary>
    /// The shortest time allowed between two occurrences of a schedule whose jobs run in this queue; it can only raise
    /// the server's (<c>Scheduler:Schedules:MinCronInterval</c>). Absent means the server's alone.
    /// </summary>
    [Id(22)] public TimeSpan? MinCronInterval { get; init; }

    /// <summary>
    /// Most of the queue's jobs that may wait at once (Scheduled, Queued, RetryWaiting); a submission over it is answered
    /// 429 with <c>Retry-After</c> and nothing is stored. Absent means no limit. Jobs that schedules and workflows start
    /// are not refused (a refused step would fail its workflow). The count is read from the index just before the
    /// job is stored, so submissions racing at the limit may pass it by a few.
    /// </summary>
    [Id(30)] public long? MaxPending { get; init; }

    /// <summary>
    /// The user the queue's containers run as, <c>uid[:gid]</c> (e.g. <c>"0:0"</c> for root) or a user name the
    /// image knows; absent means the server's <c>Scheduler:Containers:User</c> (<c>65534:65534</c>, nobody).
    /// </summary>
    [Id(10)] public string? User { get; init; }

    /// <summary>Whether the queue's containers get a writable root filesystem; false by default (read-only, with a writable <c>/tmp</c>).</summary>
    [Id(11)] public bool WritableRootFilesystem { get; init; }
}
