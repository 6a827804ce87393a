using System.Diagnostics;
using Docker.DotNet;
using JobScheduler.Grains.Docker;
using JobScheduler.Tests.Infrastructure;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

/// <summary>The CPU count the worker's automatic slots are sized from, through the runtime seam.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerEngineCpusTests(DockerEngineFixture docker)
{
    [Fact]
    public async Task CountCpus_RealEngine_IsDockerInfosNcpu()
    {
        var info = await docker.Client.System.GetSystemInfoAsync();

        Assert.Equal((int)info.NCPU, await Runtime(docker.Client).CountCpusAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CountCpus_UnreachableEndpoint_IsNullQuickly()
    {
        const string endpoint = "unix:///tmp/jobscheduler-no-engine.sock";
        using var client = new DockerClientConfiguration(new Uri(endpoint)).CreateClient();
        var clock = Stopwatch.StartNew();

        var cpus = await Runtime(client, new ContainerOptions { DockerEndpoint = endpoint }).CountCpusAsync(CancellationToken.None);

        Assert.Null(cpus);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }
}
