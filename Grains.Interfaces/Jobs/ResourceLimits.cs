namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Resources a job's container may use. A missing value takes the server's default
/// (<c>Scheduler:Containers</c>); the server always applies a limit, never "unlimited".
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ResourceLimits")]
public sealed record ResourceLimits
{
    /// <summary>CPU cores (fractions allowed, e.g. 0.5), enforced as a CFS quota.</summary>
    [Id(0)] public double? Cpus { get; init; }

    /// <summary>Memory limit in MiB (swap is not added on top).</summary>
    [Id(1)] public int? MemoryMb { get; init; }

    /// <summary>Maximum number of processes and threads in the container.</summary>
    [Id(2)] public int? Pids { get; init; }
}
