using System.Diagnostics;
using JobScheduler.Tests.Infrastructure;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

[Collection(DockerCollection.Name)]
public sealed class DockerContainerStopTests(DockerEngineFixture docker)
{
    [Fact]
    public async Task RunAsync_SleepPastTimeout_KillsWithTimeoutAndRemovesContainer()
    {
        var clock = Stopwatch.StartNew();

        var result = await Runtime(docker.Client).RunAsync(Launch(["sleep", "600"], timeout: TimeSpan.FromSeconds(2)), NoOpStarted, CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal("timeout", result.FailureReason);
        Assert.Equal(137, result.ExitCode);
        Assert.NotNull(result.ContainerId);
        Assert.False(await ContainerExistsAsync(docker.Client, result.ContainerId));
    }

    [Fact]
    public async Task RunAsync_CancelledWhileRunning_KillsWithCancelledAndRemovesContainer()
    {
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Runtime(docker.Client).RunAsync(Launch(["sleep", "600"]),
            (id, _) => { started.SetResult(id); return Task.CompletedTask; }, cancel.Token);
        var containerId = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await cancel.CancelAsync();

        await Eventually.Async(async () => !await ContainerExistsAsync(docker.Client, containerId),
            TimeSpan.FromSeconds(5), "the cancelled container is removed within 5 s");
        var result = await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("cancelled", result.FailureReason);
        Assert.Equal(containerId, result.ContainerId);
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeStart_ReportsCancelledWithoutContainer()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var result = await Runtime(docker.Client).RunAsync(Launch(["sleep", "600"]), NoOpStarted, cancel.Token);

        Assert.Equal("cancelled", result.FailureReason);
        Assert.Null(result.ContainerId);
        Assert.Null(result.StartedAt);
    }
}
