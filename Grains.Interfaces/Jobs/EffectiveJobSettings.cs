namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// What a job runs with, every value filled in: its own spec's values, then its queue's settings, then the server's
/// defaults, resolved once when the job is submitted and stored with it. Later changes to the queue's settings or the
/// server's defaults do not alter it; every attempt and retry of the job uses it.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.EffectiveJobSettings")]
public sealed record EffectiveJobSettings
{
    /// <summary>The complete retry policy (every member set).</summary>
    [Id(0)] public required RetryPolicy Retry { get; init; }

    /// <summary>Longest a single attempt may run before it is killed with reason <c>timeout</c>.</summary>
    [Id(1)] public required TimeSpan Timeout { get; init; }

    /// <summary>The container's limits (every member set).</summary>
    [Id(2)] public required ResourceLimits Resources { get; init; }

    /// <summary>The container's network: <c>none</c> or <c>bridge</c>.</summary>
    [Id(3)] public required string Network { get; init; }

    /// <summary>The user the container runs as, <c>uid[:gid]</c> or a name the image knows.</summary>
    [Id(4)] public required string User { get; init; }

    /// <summary>Whether the container's root filesystem is writable (otherwise read-only, with a writable <c>/tmp</c>).</summary>
    [Id(5)] public bool WritableRootFilesystem { get; init; }
}
