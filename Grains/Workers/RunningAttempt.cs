using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Workers;

/// <summary>An attempt this silo's worker runs now.</summary>
internal sealed class RunningAttempt(string jobId, int attempt, JobSpec spec, CancellationTokenSource cancellation, int logFollowBuffer)
{
    public string JobId { get; } = jobId;

    public int Attempt { get; } = attempt;

    /// <summary>The queue the job came from, which counts it against its limits until it is released.</summary>
    public string Queue { get; } = spec.Queue;

    /// <summary>The job's concurrency key, reported to its queue with every heartbeat.</summary>
    public string? ConcurrencyKey { get; } = spec.ConcurrencyKey;

    /// <summary>Kills the container: a user's cancel, or the silo stopping.</summary>
    public CancellationTokenSource Cancellation { get; } = cancellation;

    /// <summary>Closed by a cancel, so a container not started yet never starts; null for an adopted container.</summary>
    public StartGate? StartGate { get; init; }

    /// <summary>The attempt's output as it is written, for log followers; completed once the result is reported.</summary>
    public LiveOutput Output { get; } = new(logFollowBuffer);

    /// <summary>The build phase's output, for a job with a build; set when the phase begins.</summary>
    public volatile Builds.BuildLog? Build;

    /// <summary>Set once the container exists.</summary>
    public volatile string? ContainerId;
}
