using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

/// <summary>
/// Finding, following and removing containers left by an earlier worker. The engine is shared with
/// other tests, so listings are filtered by this test's own job ids.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerContainerAdoptionTests(DockerEngineFixture docker, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<string> _created = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in _created)
            await ForceRemoveAsync(docker.Client, id);
    }

    [Fact]
    public async Task ListManagedContainersAsync_DuringRun_FindsRunningContainerWithLabels()
    {
        var runtime = Runtime(docker.Client);
        var launch = Launch(["sleep", "1"]);
        IReadOnlyList<ManagedContainer>? listed = null;
        DateTimeOffset reportedStart = default;

        var result = await runtime.RunAsync(launch, async (_, startedAt) =>
        {
            reportedStart = startedAt;
            listed = await runtime.ListManagedContainersAsync(CancellationToken.None);
        }, CancellationToken.None);

        var mine = Assert.Single(listed!, container => container.JobId == launch.JobId);
        Assert.Equal(result.ContainerId, mine.ContainerId);
        Assert.Equal(1, mine.Attempt);
        Assert.Equal("test-worker", mine.Worker);
        Assert.True(mine.Running);
        // The runtime reports the start by its clock when the engine acknowledged it, not by the engine's record.
        Assert.InRange((reportedStart - mine.StartedAt!.Value).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ListManagedContainersAsync_ExitedContainer_ListedAsNotRunning()
    {
        var launch = Launch(["true"]);
        var id = await StartTrackedAsync(launch);
        await WaitUntilExitedAsync(id);

        var listed = await Runtime(docker.Client).ListManagedContainersAsync(CancellationToken.None);

        var mine = Assert.Single(listed, container => container.JobId == launch.JobId);
        Assert.Equal(id, mine.ContainerId);
        Assert.False(mine.Running);
        Assert.NotNull(mine.StartedAt);
    }

    [Fact]
    public async Task ListManagedContainersAsync_MalformedAttemptLabel_SkipsContainer()
    {
        var jobId = $"test-{Guid.NewGuid():N}";
        var created = await docker.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = DockerEngineFixture.Image,
            Cmd = ["true"],
            Labels = new Dictionary<string, string> { [ContainerLabels.JobId] = jobId, [ContainerLabels.Attempt] = "first", [ContainerLabels.Worker] = "w" },
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        _created.Add(created.ID);

        var listed = await Runtime(docker.Client).ListManagedContainersAsync(CancellationToken.None);

        Assert.DoesNotContain(listed, container => container.JobId == jobId || container.ContainerId == created.ID);
    }

    [Fact]
    public async Task ListManagedContainersAsync_UnreachableEngine_ThrowsEngineUnavailable()
    {
        const string endpoint = "unix:///tmp/nonexistent.sock";
        using var client = new DockerClientConfiguration(new Uri(endpoint)).CreateClient();

        await Assert.ThrowsAsync<EngineUnavailableException>(() =>
            Runtime(client, new ContainerOptions { DockerEndpoint = endpoint }).ListManagedContainersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FollowAsync_RunningContainer_WaitsCollectsWholeOutputAndRemoves()
    {
        var launch = Launch(["sh", "-c", "echo before; sleep 2; echo after; echo oops >&2; exit 4"]);
        var id = await StartTrackedAsync(launch);
        var runtime = Runtime(docker.Client);
        var container = Assert.Single(await runtime.ListManagedContainersAsync(CancellationToken.None), c => c.JobId == launch.JobId);
        Assert.True(container.Running);

        var result = await runtime.FollowAsync(container, launch, CancellationToken.None);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("non-zero-exit: exit code 4", result.FailureReason);
        Assert.Equal("before\nafter\n", result.Logs.Stdout);
        Assert.Equal("oops\n", result.Logs.Stderr);
        Assert.True(result.Logs.Complete);
        Assert.Equal(id, result.ContainerId);
        Assert.Equal(container.StartedAt, result.StartedAt);
        Assert.False(await ContainerExistsAsync(docker.Client, id));
    }

    [Fact]
    public async Task FollowAsync_ExitedContainer_CollectsAtOnceAndRemoves()
    {
        var launch = Launch(["sh", "-c", "echo done; exit 0"]);
        var id = await StartTrackedAsync(launch);
        await WaitUntilExitedAsync(id);
        var runtime = Runtime(docker.Client);
        var container = Assert.Single(await runtime.ListManagedContainersAsync(CancellationToken.None), c => c.JobId == launch.JobId);
        var clock = Stopwatch.StartNew();

        var result = await runtime.FollowAsync(container, launch, CancellationToken.None);
        output.WriteLine($"collected in {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("done\n", result.Logs.Stdout);
        Assert.False(await ContainerExistsAsync(docker.Client, id));
    }

    [Fact]
    public async Task FollowAsync_TimeoutCountedFromContainerStart_KillsWhenStartPlusTimeoutPasses()
    {
        var launch = Launch(["sleep", "600"], timeout: TimeSpan.FromSeconds(3));
        var id = await StartTrackedAsync(launch);
        var runtime = Runtime(docker.Client);
        var container = Assert.Single(await runtime.ListManagedContainersAsync(CancellationToken.None), c => c.JobId == launch.JobId);
        var startedAt = container.StartedAt!.Value;
        await Eventually.Async(() => Task.FromResult(DateTimeOffset.UtcNow - startedAt >= TimeSpan.FromSeconds(2)),
            TimeSpan.FromSeconds(10), "the container has run for 2 s");
        var clock = Stopwatch.StartNew();

        var result = await runtime.FollowAsync(container, launch, CancellationToken.None);
        var sinceStart = DateTimeOffset.UtcNow - startedAt;
        output.WriteLine($"follow took {clock.Elapsed.TotalMilliseconds:0} ms; killed {sinceStart.TotalMilliseconds:0} ms after the container's start");

        Assert.Equal("timeout", result.FailureReason);
        Assert.Equal(137, result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"follow took {clock.Elapsed}: the timeout was not counted from the start");
        Assert.True(sinceStart >= TimeSpan.FromSeconds(3), $"killed {sinceStart} after start, before the 3 s timeout");
        Assert.False(await ContainerExistsAsync(docker.Client, id));
    }

    [Fact]
    public async Task FollowAsync_Cancelled_KillsWithCancelledAndRemoves()
    {
        var launch = Launch(["sleep", "600"]);
        var id = await StartTrackedAsync(launch);
        var runtime = Runtime(docker.Client);
        var container = Assert.Single(await runtime.ListManagedContainersAsync(CancellationToken.None), c => c.JobId == launch.JobId);
        using var cancel = new CancellationTokenSource();

        var follow = runtime.FollowAsync(container, launch, cancel.Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));

        var result = await follow.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("cancelled", result.FailureReason);
        Assert.Equal(id, result.ContainerId);
        Assert.False(await ContainerExistsAsync(docker.Client, id));
    }

    [Fact]
    public async Task FollowAsync_ContainerAlreadyGone_ReportsContainerError()
    {
        var launch = Launch(["true"]);
        var gone = new ManagedContainer("0000000000000000000000000000000000000000000000000000000000000000", launch.JobId, 1, "test-worker", true, DateTimeOffset.UtcNow);

        var result = await Runtime(docker.Client).FollowAsync(gone, launch, CancellationToken.None);

        Assert.StartsWith("container-error: ", result.FailureReason);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public async Task RemoveAsync_RunningContainer_LeavesNothing()
    {
        var launch = Launch(["sleep", "600"]);
        var id = await StartTrackedAsync(launch);
        var runtime = Runtime(docker.Client);

        await runtime.RemoveAsync(id, CancellationToken.None);

        Assert.False(await ContainerExistsAsync(docker.Client, id));
        Assert.DoesNotContain(await runtime.ListManagedContainersAsync(CancellationToken.None), c => c.JobId == launch.JobId);
        await runtime.RemoveAsync(id, CancellationToken.None);
    }

    private async Task<string> StartTrackedAsync(ContainerLaunch launch)
    {
        var id = await StartDirectlyAsync(docker.Client, launch);
        _created.Add(id);
        return id;
    }

    private Task WaitUntilExitedAsync(string containerId) =>
        Eventually.Async(async () => !(await docker.Client.Containers.InspectContainerAsync(containerId)).State.Running,
            TimeSpan.FromSeconds(10), $"container {containerId} exits");
}
