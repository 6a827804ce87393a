using Docker.DotNet.Models;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

/// <summary>Containers run as nobody on a read-only root with a small writable <c>/tmp</c>, unless the launch (its queue) says otherwise.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class DockerContainerLockdownTests(DockerEngineFixture docker)
{
    // Prints the uid, the gid, whether / and /tmp take a file, and the open-files limit, one per line.
    private static readonly string[] Probe =
    [
        "sh", "-c",
        "id -u; id -g; if touch /probe 2>/dev/null; then echo root-writable; else echo root-read-only; fi; " +
        "echo tmp-ok > /tmp/probe && cat /tmp/probe; ulimit -n",
    ];

    [Fact]
    public async Task RunAsync_DefaultOptions_InspectShowsNonRootReadOnlyRootTmpfsAndNofile()
    {
        ContainerInspectResponse? inspect = null;

        var result = await Runtime(docker.Client).RunAsync(Launch(["true"]),
            async (id, _) => inspect = await docker.Client.Containers.InspectContainerAsync(id), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.NotNull(inspect);
        Assert.Equal("65534:65534", inspect.Config.User);
        Assert.True(inspect.HostConfig.ReadonlyRootfs);
        var tmp = Assert.Contains("/tmp", inspect.HostConfig.Tmpfs);
        Assert.Contains("size=64m", tmp.Split(','));
        Assert.Contains("mode=1777", tmp.Split(','));
        var nofile = Assert.Single(inspect.HostConfig.Ulimits, u => u.Name == "nofile");
        Assert.Equal(1024, nofile.Soft);
        Assert.Equal(1024, nofile.Hard);
    }

    [Fact]
    public async Task RunAsync_DefaultOptions_RunsAsNobodyWritesTmpButNotRoot()
    {
        var result = await Runtime(docker.Client).RunAsync(Launch(Probe), NoOpStarted, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason + result.Logs.Stderr);
        Assert.Equal(["65534", "65534", "root-read-only", "tmp-ok", "1024"], Lines(result.Logs.Stdout));
    }

    [Fact]
    public async Task RunAsync_ConfiguredUserTmpSizeAndNofile_AreApplied()
    {
        var options = new ContainerOptions { User = "1234:4321", TmpSizeMb = 8, NofileLimit = 256 };
        ContainerInspectResponse? inspect = null;

        var result = await Runtime(docker.Client, options).RunAsync(Launch(Probe),
            async (id, _) => inspect = await docker.Client.Containers.InspectContainerAsync(id), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason + result.Logs.Stderr);
        Assert.Equal(["1234", "4321", "root-read-only", "tmp-ok", "256"], Lines(result.Logs.Stdout));
        Assert.Contains("size=8m", inspect!.HostConfig.Tmpfs["/tmp"].Split(','));
    }

    [Fact]
    public async Task RunAsync_RootUserOnReadOnlyRoot_StillCannotWriteRoot()
    {
        // Root alone does not make / writable: the read-only filesystem, not the user's permissions, refuses the write.
        var result = await Runtime(docker.Client).RunAsync(Launch(Probe).InQueue(new QueueSettings { User = "0:0" }), NoOpStarted, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason + result.Logs.Stderr);
        Assert.Equal(["0", "0", "root-read-only", "tmp-ok", "1024"], Lines(result.Logs.Stdout));
    }

    [Fact]
    public async Task RunAsync_QueueAllowsRootAndWritableRoot_RunsAsRootWithWritableRoot()
    {
        ContainerInspectResponse? inspect = null;

        var result = await Runtime(docker.Client).RunAsync(Launch(Probe).InQueue(new QueueSettings { User = "0:0", WritableRootFilesystem = true }),
            async (id, _) => inspect = await docker.Client.Containers.InspectContainerAsync(id), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason + result.Logs.Stderr);
        Assert.Equal(["0", "0", "root-writable", "tmp-ok", "1024"], Lines(result.Logs.Stdout));
        Assert.Equal("0:0", inspect!.Config.User);
        Assert.False(inspect.HostConfig.ReadonlyRootfs);
    }

    [Fact]
    public async Task RunAsync_LaunchWithCluster_LabelsContainerWithCluster()
    {
        ContainerInspectResponse? inspect = null;

        await Runtime(docker.Client).RunAsync(Launch(["true"]) with { Cluster = "lockdown-test" },
            async (id, _) => inspect = await docker.Client.Containers.InspectContainerAsync(id), CancellationToken.None);

        Assert.Equal("lockdown-test", inspect!.Config.Labels[ContainerLabels.Cluster]);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
