using Docker.DotNet.Models;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Docker;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Workers;

/// <summary>
/// Bug 4 of issue 9: a cancel while the job is Running but its container is not started yet answered 200, and the
/// container was created and started afterwards. Now the cancel closes the attempt's start gate.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class CancelBeforeStartTests : IAsyncLifetime
{
    private readonly DockerEngineFixture _docker;
    private readonly WebApplicationFactory<Program> _root = new();
    private readonly WebApplicationFactory<Program> _factory;
    private HeldCreateRuntime? _runtime;

    public CancelBeforeStartTests(DockerEngineFixture docker)
    {
        _docker = docker;
        _factory = _root.WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts()
            .UseTestAuth()
            .ConfigureTestServices(services => services.AddSingleton<IContainerRuntime>(provider =>
                _runtime = new HeldCreateRuntime(provider.GetRequiredService<DockerContainerRuntime>()))));
    }

    [Fact]
    public async Task Cancel_RunningJobWithoutContainerYet_ContainerNeverStarts()
    {
        var jobs = new JobsHttpClient(_factory.CreateAdminClient());
        var job = await jobs.SubmitAsync(new JobSpec { Image = DockerEngineFixture.Image, Command = ["sleep", "600"], Retry = new RetryPolicy { MaxAttempts = 1 } });
        var held = await _runtime!.Held.WaitAsync(TimeSpan.FromSeconds(30));
        var running = await jobs.GetAsync(job.Id);
        Assert.Equal(job.Id, held.JobId);
        Assert.Equal(JobState.Running, running.State);
        Assert.Null(running.CurrentAttempt!.ContainerId);

        try
        {
            var cancelled = await jobs.CancelAsync(job.Id);

            Assert.Equal(JobState.Cancelled, cancelled.State);
            // The held run now creates its container, unaware of the cancel; it must end without starting it.
            await Continually.Async(async () => !(await ContainersOfAsync(job.Id)).Any(c => c.State == "running"), TimeSpan.FromSeconds(5),
                "no container of the cancelled job runs");
            var result = await _runtime.Ended.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(FailureReasons.Cancelled, result.FailureReason);
            Assert.Null(result.StartedAt);
            Assert.Null(result.ExitCode);
            Assert.Empty(await ContainersOfAsync(job.Id));
            Assert.Equal(JobState.Cancelled, (await jobs.GetAsync(job.Id)).State);
        }
        finally
        {
            // Only when the test fails: the held run ignores the worker's own stop, so its container would outlive the host.
            foreach (var container in await ContainersOfAsync(job.Id))
                await DockerTestRuns.ForceRemoveAsync(_docker.Client, container.ID);
        }
    }

    public Task InitializeAsync()
    {
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    private async Task<IList<ContainerListResponse>> ContainersOfAsync(string jobId) =>
        await _docker.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.JobId}={jobId}"] = true } },
        });
}
