using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Tests.Docker;

/// <summary>Builds runtimes and launches for the Docker tests.</summary>
internal static class DockerTestRuns
{
    public static DockerContainerRuntime Runtime(IDockerClient client, ContainerOptions? options = null, SchedulerMetrics? metrics = null) =>
        new(client, Options.Create(options ?? new ContainerOptions()), TimeProvider.System, NullLogger<DockerContainerRuntime>.Instance,
            metrics ?? new ServiceCollection().AddSchedulerMetrics().BuildServiceProvider().GetRequiredService<SchedulerMetrics>());

    public static ContainerLaunch Launch(
        string[] command,
        TimeSpan? timeout = null,
        ResourceLimits? resources = null,
        IReadOnlyDictionary<string, string>? env = null,
        string image = DockerEngineFixture.Image) =>
        new(
            JobId: $"test-{Guid.NewGuid():N}",
            Attempt: 1,
            Worker: "test-worker",
            Spec: new JobSpec { Image = image, Command = command, Env = env ?? new Dictionary<string, string>(), Resources = resources },
            Timeout: timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>The launch with the settings a worker would give it: its spec's values over <paramref name="queue"/>'s over the defaults.</summary>
    public static ContainerLaunch InQueue(this ContainerLaunch launch, QueueSettings queue) =>
        launch with
        {
            Settings = EffectiveSettingsResolver.Resolve(launch.Spec, queue, JobSettingsDefaults.From(RetryPolicy.Defaults, launch.Timeout, new ContainerOptions())),
        };

    public static Task NoOpStarted(string containerId, DateTimeOffset startedAt) => Task.CompletedTask;

    /// <summary>
    /// Creates and starts the launch's container the way the runtime does (same definition and labels) but
    /// without following it, as an earlier incarnation of the worker would have left it.
    /// </summary>
    public static async Task<string> StartDirectlyAsync(IDockerClient client, ContainerLaunch launch)
    {
        var created = await client.Containers.CreateContainerAsync(ContainerDefinition.Build(launch, new ContainerOptions()));
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    /// <summary>Removes a container the test created, if it is still there.</summary>
    public static async Task ForceRemoveAsync(IDockerClient client, string containerId)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true });
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already removed, as the test expected.
        }
    }

    public static async Task<bool> ContainerExistsAsync(IDockerClient client, string containerId)
    {
        try
        {
            await client.Containers.InspectContainerAsync(containerId);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
