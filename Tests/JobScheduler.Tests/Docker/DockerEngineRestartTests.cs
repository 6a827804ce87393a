using JobScheduler.Grains.Jobs;
using System.Diagnostics;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

/// <summary>
/// RELIABILITY item 7 at the runtime's level: the engine goes away while a container runs. Each test
/// owns a private dockerd (never the shared one) and kills or restarts it mid-run.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerEngineRestartTests(DockerEngineFixture docker, ITestOutputHelper output)
{
    // Short so the bound below stays small; the production defaults are 30 s and 10 s.
    private static readonly ContainerOptions Limits = new() { EngineCallTimeout = TimeSpan.FromSeconds(3), LogDrainTimeout = TimeSpan.FromSeconds(2) };
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RunAsync_EngineKilledAndStaysDown_ReportsDockerUnavailableWithinBound()
    {
        await using var engine = await PrivateDockerEngine.StartAsync(docker.Client, DockerEngineFixture.Image);
        var runtime = RuntimeOn(engine);
        var launch = Launch(["sleep", "600"]);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = runtime.RunAsync(launch, (id, _) => { started.SetResult(id); return Task.CompletedTask; }, CancellationToken.None);
        var containerId = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        await engine.KillAsync();
        var result = await run.WaitAsync(Bound);
        output.WriteLine($"reason '{result.FailureReason}', exit {result.ExitCode}, {clock.Elapsed.TotalMilliseconds:0} ms after the kill");

        Assert.Equal($"docker-unavailable: {engine.Endpoint}", result.FailureReason);
        Assert.Equal(containerId, result.ContainerId);
        Assert.True(clock.Elapsed < Limits.EngineCallTimeout, $"took {clock.Elapsed}");
        // Restarting a killed engine is left out: its containerd did not come back within dockerd's start timeout here.
    }

    [Fact]
    public async Task RunAsync_EngineRestartedMidRun_ReportsInfrastructureFailureAndLeavesNoContainer()
    {
        await using var engine = await PrivateDockerEngine.StartAsync(docker.Client, DockerEngineFixture.Image);
        var runtime = RuntimeOn(engine);
        // trap: the container exits at once on the engine's SIGTERM instead of waiting 10 s for its SIGKILL.
        var launch = Launch(["sh", "-c", "trap 'exit 143' TERM; sleep 600 & wait"]);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = runtime.RunAsync(launch, (id, _) => { started.SetResult(id); return Task.CompletedTask; }, CancellationToken.None);
        var containerId = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        await engine.StopAsync();
        await engine.StartAgainAsync();
        var result = await run.WaitAsync(Bound);
        output.WriteLine($"reason '{result.FailureReason}', exit {result.ExitCode}, {clock.Elapsed.TotalMilliseconds:0} ms after the stop; restart took part of it");

        AssertInfrastructureFailure(result, engine.Endpoint);
        Assert.Equal(containerId, result.ContainerId);
        // Removed by the run itself, or (if the engine was not back yet) listed for the worker's reconciliation.
        await AssertRemovedOrListedAsync(runtime, engine, launch.JobId, containerId);
    }

    private static DockerContainerRuntime RuntimeOn(PrivateDockerEngine engine) =>
        Runtime(engine.Client, new ContainerOptions { DockerEndpoint = engine.Endpoint, EngineCallTimeout = Limits.EngineCallTimeout, LogDrainTimeout = Limits.LogDrainTimeout });

    private static void AssertInfrastructureFailure(AttemptResult result, string endpoint)
    {
        Assert.NotNull(result.FailureReason);
        Assert.True(
            result.FailureReason == $"docker-unavailable: {endpoint}" || FailureReasons.CodeOf(result.FailureReason) == FailureReasons.ContainerError,
            $"expected an infrastructure reason, got '{result.FailureReason}' (exit {result.ExitCode})");
    }

    private static async Task AssertRemovedOrListedAsync(DockerContainerRuntime runtime, PrivateDockerEngine engine, string jobId, string containerId)
    {
        if (await ContainerExistsAsync(engine.Client, containerId))
        {
            var left = Assert.Single(await runtime.ListManagedContainersAsync(CancellationToken.None), c => c.JobId == jobId);
            Assert.Equal(containerId, left.ContainerId);
            await runtime.RemoveAsync(containerId, CancellationToken.None);
        }

        Assert.False(await ContainerExistsAsync(engine.Client, containerId), engine.LogTail());
    }
}
