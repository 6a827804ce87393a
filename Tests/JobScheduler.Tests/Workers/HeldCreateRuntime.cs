using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Tests.Workers;

/// <summary>
/// The Docker runtime with the claim-to-start window held open: each run waits until its attempt is cancelled, then
/// creates its container as if the cancel had landed while the engine was creating it (the cancel does not reach
/// the create, attach or start calls). Only the worker's start gate can then keep the container from starting.
/// </summary>
internal sealed class HeldCreateRuntime(DockerContainerRuntime docker) : IContainerRuntime
{
    private readonly TaskCompletionSource<ContainerLaunch> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<AttemptResult> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a run is held, before its container exists.</summary>
    public Task<ContainerLaunch> Held => _held.Task;

    /// <summary>Completes with the held run's result once the Docker runtime finished it.</summary>
    public Task<AttemptResult> Ended => _ended.Task;

    public string Endpoint => docker.Endpoint;

    public Task<bool> PingAsync(CancellationToken cancellationToken) => docker.PingAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ListImagesAsync(CancellationToken cancellationToken) => docker.ListImagesAsync(cancellationToken);

    public Task<int?> CountCpusAsync(CancellationToken cancellationToken) => docker.CountCpusAsync(cancellationToken);

    public async Task<AttemptResult> RunAsync(ContainerLaunch launch, Func<string, DateTimeOffset, Task> onStarted, CancellationToken cancellationToken)
    {
        _held.TrySetResult(launch);
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var result = await docker.RunAsync(launch, onStarted, CancellationToken.None);
        _ended.TrySetResult(result);
        return result;
    }

    public Task<JobLogs?> ReadLiveLogsAsync(string containerId, int attempt, CancellationToken cancellationToken) =>
        docker.ReadLiveLogsAsync(containerId, attempt, cancellationToken);

    public Task<IReadOnlyList<ManagedContainer>> ListManagedContainersAsync(CancellationToken cancellationToken) =>
        docker.ListManagedContainersAsync(cancellationToken);

    public Task<AttemptResult> FollowAsync(ManagedContainer container, ContainerLaunch launch, CancellationToken cancellationToken) =>
        docker.FollowAsync(container, launch, cancellationToken);

    public Task RemoveAsync(string containerId, CancellationToken cancellationToken) => docker.RemoveAsync(containerId, cancellationToken);
}
