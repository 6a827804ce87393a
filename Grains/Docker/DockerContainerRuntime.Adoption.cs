using JobScheduler.Grains.Jobs;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Docker;

// Finding, following and removing containers that an earlier incarnation of the worker started.
public sealed partial class DockerContainerRuntime
{
    /// <inheritdoc />
    /// <exception cref="EngineUnavailableException">The engine did not answer within <see cref="ContainerOptions.EngineCallTimeout"/>.</exception>
    /// <exception cref="DockerApiException">The engine refused the listing.</exception>
    public async Task<IReadOnlyList<ManagedContainer>> ListManagedContainersAsync(CancellationToken cancellationToken)
    {
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ContainerLabels.JobId] = true } },
        };
        var listed = await EngineCall.RunAsync("list", _metrics, token => _client.Containers.ListContainersAsync(parameters, token),
            _options.EngineCallTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);

        var containers = new List<ManagedContainer>(listed.Count);
        foreach (var entry in listed)
        {
            if (!ContainerLabels.TryRead(entry.Labels, out var jobId, out var attempt, out var worker))
            {
                LogMalformedLabels(entry.ID, string.Join(", ", (entry.Labels ?? new Dictionary<string, string>()).Select(label => $"{label.Key}={label.Value}")));
                continue;
            }

            // The listing has no start time; the inspect has, and is the truth about running as well.
            ContainerInspectResponse inspected;
            try
            {
                inspected = await InspectAsync(entry.ID, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                continue; // Removed between the listing and the inspect.
            }

            containers.Add(new ManagedContainer(entry.ID, jobId, attempt, worker, inspected.State.Running, ParseEngineTime(inspected.State.StartedAt))
            {
                Cluster = entry.Labels!.TryGetValue(ContainerLabels.Cluster, out var cluster) && !string.IsNullOrWhiteSpace(cluster) ? cluster : null,
            });
        }

        return containers;
    }

    /// <inheritdoc />
    public Task<AttemptResult> FollowAsync(ManagedContainer container, ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(launch);

        return ExecuteAsync(launch, async outcome =>
        {
            outcome.ContainerId = container.ContainerId;
            try
            {
                var state = (await InspectAsync(container.ContainerId, cancellationToken).ConfigureAwait(false)).State;
                outcome.StartedAt = ParseEngineTime(state.StartedAt) ?? container.StartedAt;
                LogFollowing(launch.JobId, launch.Attempt, container.ContainerId, state.Running);
                if (outcome.StartedAt is not { } startedAt)
                {
                    // Created but never started: the earlier worker stopped in between, so nothing ran.
                    outcome.FailureReason = FailureReasons.With(FailureReasons.WorkerStopped, "the container was created but never started");
                }
                else if (state.Running)
                {
                    await AwaitExitAsync(launch, outcome, startedAt + launch.Timeout, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    RecordExit(outcome, state, stopReason: null);
                }
            }
            finally
            {
                // An attach cannot replay the past, so the output is what the engine's log kept.
                outcome.Logs = await ReadOutputOrEmptyAsync(launch, EngineCall.RunAsync("logs", _metrics,
                    token => ContainerOutputReader.ReadStoredLogsAsync(_client, container.ContainerId, launch.Attempt, complete: true, token),
                    _options.EngineCallTimeout, _timeProvider, CancellationToken.None)).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="EngineUnavailableException">The engine did not answer within <see cref="ContainerOptions.EngineCallTimeout"/>.</exception>
    /// <exception cref="DockerApiException">The engine refused the removal.</exception>
    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        try
        {
            // Force kills a running container first.
            await EngineCall.RunAsync("remove", _metrics, token => _client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, token),
                _options.EngineCallTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone, which is what the caller wanted.
        }
    }
}
