using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Grains.Execution;

/// <summary>
/// Runs one attempt's container from creation to removal. The Docker implementation is the only
/// production one; the benchmark's simulated runtime implements the same seam.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>Where the runtime's engine lives (e.g. <c>unix:///var/run/docker.sock</c>), for messages and status.</summary>
    string Endpoint { get; }

    /// <summary>True when the engine answers.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>The image references (<c>name:tag</c>) present on the engine, so queues can prefer a worker that has a job's image.</summary>
    Task<IReadOnlyList<string>> ListImagesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The CPUs of the machine the engine runs containers on (Docker: <c>docker info</c>'s <c>NCPU</c>), which size the
    /// worker's automatic slots (<see cref="Workers.WorkerSlots"/>). Null when the engine does not answer or reports no
    /// CPUs; never throws for an engine failure.
    /// </summary>
    Task<int?> CountCpusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates, starts and waits for the attempt's container, enforcing <see cref="ContainerLaunch.Timeout"/>,
    /// then captures the output tail and removes the container. Never throws for a container or
    /// engine failure: those become an <see cref="AttemptResult.FailureReason"/>.
    /// When <paramref name="cancellationToken"/> fires, the container is killed and removed and the
    /// result's reason is <see cref="FailureReasons.Cancelled"/>.
    /// </summary>
    /// <param name="launch">What to run.</param>
    /// <param name="onStarted">Called once the container runs, with its id and start time.</param>
    /// <param name="cancellationToken">Kills the container.</param>
    Task<AttemptResult> RunAsync(ContainerLaunch launch, Func<string, DateTimeOffset, Task> onStarted, CancellationToken cancellationToken);

    /// <summary>The output so far of a running container, capped like a final result; null if it is gone.</summary>
    Task<JobLogs?> ReadLiveLogsAsync(string containerId, int attempt, CancellationToken cancellationToken);

    /// <summary>Every container on the engine that carries the scheduler's labels, running or exited.</summary>
    Task<IReadOnlyList<ManagedContainer>> ListManagedContainersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes over a container that an earlier incarnation of this silo's worker started (adoption after a
    /// restart): waits for it to end, enforcing <see cref="ContainerLaunch.Timeout"/> counted from the
    /// container's own start, captures the output tail and removes it, exactly as <see cref="RunAsync"/> does.
    /// </summary>
    Task<AttemptResult> FollowAsync(ManagedContainer container, ContainerLaunch launch, CancellationToken cancellationToken);

    /// <summary>Kills and removes a container (a stale attempt's orphan); a container already gone is not an error.</summary>
    Task RemoveAsync(string containerId, CancellationToken cancellationToken);
}
