using Docker.DotNet.Models;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

[Collection(DockerCollection.Name)]
public sealed class DockerContainerSecurityTests(DockerEngineFixture docker)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task RunAsync_RunningContainer_HasServerSecurityDefaultsLimitsAndLabels()
    {
        var launch = Launch(["sleep", "1"], resources: new ResourceLimits { Cpus = 0.5, MemoryMb = 64, Pids = 50 });

        var inspect = await InspectWhileRunningAsync(Runtime(docker.Client), launch);

        var host = inspect.HostConfig;
        Assert.False(host.Privileged);
        Assert.Contains("ALL", host.CapDrop);
        Assert.Null(host.CapAdd);
        Assert.Contains("no-new-privileges", host.SecurityOpt);
        Assert.Equal("none", host.NetworkMode);
        Assert.True(host.Binds is null or { Count: 0 });
        Assert.Empty(inspect.Mounts);
        Assert.Equal(64 * MiB, host.Memory);
        Assert.Equal(64 * MiB, host.MemorySwap);
        Assert.Equal(500_000_000, host.NanoCPUs);
        Assert.Equal(50, host.PidsLimit);
        Assert.Equal("json-file", host.LogConfig.Type);
        Assert.Equal("10m", host.LogConfig.Config["max-size"]);
        Assert.Equal("1", host.LogConfig.Config["max-file"]);
        Assert.Equal(launch.JobId, inspect.Config.Labels[ContainerLabels.JobId]);
        Assert.Equal("1", inspect.Config.Labels[ContainerLabels.Attempt]);
        Assert.Equal("test-worker", inspect.Config.Labels[ContainerLabels.Worker]);
        Assert.Equal($"/js-{launch.JobId}-1", inspect.Name);
        Assert.Equal(["sleep", "1"], inspect.Config.Cmd);
    }

    [Fact]
    public async Task RunAsync_SpecWithoutResources_GetsOptionDefaults()
    {
        var options = new ContainerOptions { DefaultCpus = 0.25, DefaultMemoryMb = 96, DefaultPids = 40, LogMaxSize = "1m" };

        var inspect = await InspectWhileRunningAsync(Runtime(docker.Client, options), Launch(["true"]));

        Assert.Equal(96 * MiB, inspect.HostConfig.Memory);
        Assert.Equal(96 * MiB, inspect.HostConfig.MemorySwap);
        Assert.Equal(250_000_000, inspect.HostConfig.NanoCPUs);
        Assert.Equal(40, inspect.HostConfig.PidsLimit);
        Assert.Equal("1m", inspect.HostConfig.LogConfig.Config["max-size"]);
    }

    private async Task<ContainerInspectResponse> InspectWhileRunningAsync(DockerContainerRuntime runtime, Grains.Execution.ContainerLaunch launch)
    {
        ContainerInspectResponse? inspect = null;
        var result = await runtime.RunAsync(launch,
            async (id, _) => inspect = await docker.Client.Containers.InspectContainerAsync(id), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        return inspect ?? throw new InvalidOperationException("onStarted was not called");
    }
}
