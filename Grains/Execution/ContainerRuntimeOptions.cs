namespace JobScheduler.Grains.Execution;

/// <summary>
/// Which container runtime the worker uses. Bound from <c>Scheduler:Containers</c>, beside the Docker settings
/// (<c>ContainerOptions</c>); only a host's configuration sets it, never a job.
/// </summary>
public sealed class ContainerRuntimeOptions
{
    /// <summary>The configuration section: <c>Scheduler:Containers</c>.</summary>
    public const string SectionName = "Scheduler:Containers";

    /// <summary>
    /// <c>Docker</c> or <c>Simulated</c> (<c>Scheduler:Containers:Runtime</c>). Default: <c>Docker</c>.
    /// <c>Simulated</c> runs no container and exists for the benchmark tool (<c>Tests/Benchmarks</c>).
    /// </summary>
    public ContainerRuntimeKind Runtime { get; set; } = ContainerRuntimeKind.Docker;

    /// <summary>
    /// How long each simulated attempt "runs" before it exits with code 0
    /// (<c>Scheduler:Containers:SimulatedRunTime</c>). Used only by the simulated runtime. Default: zero (at once).
    /// </summary>
    public TimeSpan SimulatedRunTime { get; set; } = TimeSpan.Zero;
}
