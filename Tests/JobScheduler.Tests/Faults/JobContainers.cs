using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Docker;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// The containers of one test's jobs, as the Docker API shows them (label <c>jobscheduler.job-id</c>).
/// Touches only containers whose job id the test submitted: the engine is shared.
/// </summary>
public sealed class JobContainers(DockerClient docker)
{
    /// <summary>Containers of the given jobs: running ones only, or all that still exist.</summary>
    public async Task<IReadOnlyList<ContainerListResponse>> ListAsync(IReadOnlyCollection<string> jobIds, bool runningOnly = true)
    {
        var ids = jobIds as IReadOnlySet<string> ?? jobIds.ToHashSet(StringComparer.Ordinal);
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = !runningOnly,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [ContainerLabels.JobId] = true },
            },
        });
        return containers.Where(c => c.Labels.TryGetValue(ContainerLabels.JobId, out var id) && ids.Contains(id)).ToList();
    }

    /// <summary>The job id and attempt number a container carries.</summary>
    public static (string JobId, int Attempt) Identify(ContainerListResponse container) =>
        (container.Labels[ContainerLabels.JobId], int.Parse(container.Labels[ContainerLabels.Attempt], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Whether the container still exists (running or not).</summary>
    public async Task<bool> ExistsAsync(string containerId)
    {
        try
        {
            await docker.Containers.InspectContainerAsync(containerId);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Whether the container exists and runs.</summary>
    public async Task<bool> IsRunningAsync(string containerId)
    {
        try
        {
            return (await docker.Containers.InspectContainerAsync(containerId)).State.Running;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Force-removes every container of the given jobs (test clean-up); tolerates ones already gone.</summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> jobIds)
    {
        if (jobIds.Count == 0)
            return;
        foreach (var container in await ListAsync(jobIds, runningOnly: false))
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
            }
            catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                // Removed meanwhile (by the scheduler), or its removal is already in progress.
            }
        }
    }
}
