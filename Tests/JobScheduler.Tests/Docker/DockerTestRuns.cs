using System.Net;
using Docker.DotNet;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Tests.Docker;

/// <summary>Builds runtimes and launches for the Docker tests.</summary>
internal static class DockerTestRuns
{
    public static DockerContainerRuntime Runtime(IDockerClient client, ContainerOptions? options = null) =>
        new(client, Options.Create(options ?? new ContainerOptions()), TimeProvider.System, NullLogger<DockerContainerRuntime>.Instance);

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

    public static Task NoOpStarted(string containerId, DateTimeOffset startedAt) => Task.CompletedTask;

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
