using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Execution;

/// <summary>One attempt to run: the job's spec plus the identity every container is labelled with.</summary>
/// <param name="JobId">The job id (container label <c>jobscheduler.job-id</c>).</param>
/// <param name="Attempt">The attempt number (label <c>jobscheduler.attempt</c>).</param>
/// <param name="Worker">The worker/silo running it (label <c>jobscheduler.worker</c>).</param>
/// <param name="Spec">What to run.</param>
/// <param name="Timeout">How long the attempt may run before it is killed.</param>
public sealed record ContainerLaunch(string JobId, int Attempt, string Worker, JobSpec Spec, TimeSpan Timeout)
{
    /// <summary>The Orleans cluster id of the worker (label <c>jobscheduler.cluster</c>); null leaves the label out.</summary>
    public string? Cluster { get; init; }

    /// <summary>The submit request's trace context, which the attempt's trace continues; null when it was not traced.</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// The job's stored settings (<see cref="JobRecord.Effective"/>): its container's resources, network, user and root
    /// filesystem come from these alone. Null only for direct runs outside a worker, which get the spec's values over
    /// the runtime's own defaults.
    /// </summary>
    public EffectiveJobSettings? Settings { get; init; }

    /// <summary>
    /// Decides, against a cancel, whether the created container may start; null means it always may (direct runs
    /// outside a worker).
    /// </summary>
    public StartGate? StartGate { get; init; }

    /// <summary>
    /// True when <see cref="JobSpec.Image"/> was built on this engine for the job (<see cref="JobSpec.Build"/>): it is
    /// never pulled from a registry.
    /// </summary>
    public bool LocalImage { get; init; }

    /// <summary>Receives the container's output as it is written, for log followers; null when nobody may follow.</summary>
    public LiveOutput? Output { get; init; }
}
