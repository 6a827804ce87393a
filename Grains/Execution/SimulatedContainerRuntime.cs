using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Jobs;
using System.Collections.Concurrent;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Execution;

/// <summary>
/// A container runtime that runs nothing: each attempt "starts" at once and exits with code 0 after
/// <see cref="ContainerOptions.SimulatedRunTime"/>. It lets the benchmark tool measure the scheduler's
/// control plane (API, grains, Redis) without the Docker engine's own cost, as Kubernetes' kubemark and Nomad's
/// mock driver do. Selected only by <c>Scheduler:Containers:Runtime = Simulated</c> in a host's configuration.
/// </summary>
public sealed class SimulatedContainerRuntime(IOptions<ContainerOptions> options, TimeProvider time) : IContainerRuntime
{
    private readonly TimeSpan _runTime = options.Value.SimulatedRunTime;

    // The simulated "containers" running now, so a cancel or a live-log read finds them as it would on Docker.
    private readonly ConcurrentDictionary<string, ManagedContainer> _running = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Endpoint => "simulated://";

    /// <inheritdoc />
    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListImagesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The silo's own CPUs: the simulated "engine" runs in this process.</summary>
    public Task<int?> CountCpusAsync(CancellationToken cancellationToken) => Task.FromResult<int?>(Environment.ProcessorCount);

    /// <inheritdoc />
    public async Task<AttemptResult> RunAsync(ContainerLaunch launch, Func<string, DateTimeOffset, Task> onStarted, CancellationToken cancellationToken)
    {
        var containerId = $"simulated-{launch.JobId}-{launch.Attempt}";
        var startedAt = time.GetUtcNow();
        _running[containerId] = new ManagedContainer(containerId, launch.JobId, launch.Attempt, launch.Worker, Running: true, startedAt) { Cluster = launch.Cluster };
        try
        {
            // As on Docker: a cancel that closed the gate first means nothing "starts".
            if (launch.StartGate is { } gate)
            {
                if (!gate.TryBeginStart(containerId))
                    return Ended(launch, containerId, startedAt: null, FailureReasons.Cancelled, exitCode: null);
                gate.StartFinished();
            }
            await onStarted(containerId, startedAt);
            var runTime = _runTime < launch.Timeout ? _runTime : launch.Timeout;
            if (runTime > TimeSpan.Zero)
                await Task.Delay(runTime, time, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return Ended(launch, containerId, startedAt, _runTime < launch.Timeout ? null : FailureReasons.Timeout, exitCode: 0);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Ended(launch, containerId, startedAt, FailureReasons.Cancelled, exitCode: null);
        }
        finally
        {
            _running.TryRemove(containerId, out _);
        }
    }

    /// <inheritdoc />
    public Task<JobLogs?> ReadLiveLogsAsync(string containerId, int attempt, CancellationToken cancellationToken) =>
        Task.FromResult(_running.ContainsKey(containerId) ? new JobLogs { Attempt = attempt } : null);

    /// <inheritdoc />
    /// <remarks>Nothing outlives the process that simulated it, so a restarted worker has nothing to adopt.</remarks>
    public Task<IReadOnlyList<ManagedContainer>> ListManagedContainersAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ManagedContainer>>([]);

    /// <inheritdoc />
    public Task<AttemptResult> FollowAsync(ManagedContainer container, ContainerLaunch launch, CancellationToken cancellationToken) =>
        Task.FromResult(Ended(launch, container.ContainerId, container.StartedAt, failureReason: null, exitCode: 0));

    /// <inheritdoc />
    public Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        _running.TryRemove(containerId, out _);
        return Task.CompletedTask;
    }

    private AttemptResult Ended(ContainerLaunch launch, string containerId, DateTimeOffset? startedAt, string? failureReason, int? exitCode) => new()
    {
        Attempt = launch.Attempt,
        ContainerId = containerId,
        StartedAt = startedAt,
        EndedAt = time.GetUtcNow(),
        ExitCode = failureReason is null ? exitCode : null,
        FailureReason = failureReason,
        Logs = new JobLogs { Attempt = launch.Attempt, Complete = true },
    };
}
