using System.Net;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Queues;

/// <summary>The workers resource shows the silo's worker, and draining it lets running jobs finish while new ones wait.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class WorkersApiTests(EmbeddedApiFixture api)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _client = api.CreateClient();
    private readonly JobsHttpClient _jobs = new(api.CreateClient());
    private readonly QueuesHttpClient _queues = new(api.CreateClient());

    [Fact]
    public async Task List_EmbeddedSilo_ShowsOneAvailableWorkerWithItsSlots()
    {
        var worker = Assert.Single(await _queues.ListWorkersAsync());

        Assert.Equal(WorkerState.Available, worker.State);
        Assert.Equal(4, worker.Slots);
        Assert.True(worker.DockerReachable);
        Assert.NotEmpty(worker.Host);
    }

    [Fact]
    public async Task Drain_RunningJobFinishes_NewJobWaitsUntilResumed()
    {
        var worker = Assert.Single(await _queues.ListWorkersAsync()).Worker;
        var queue = QueuesHttpClient.UniqueName("drain");
        var running = await _jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["sleep", "2"], Queue = queue });
        await _jobs.WaitUntilAsync(running.Id, j => j.State == JobState.Running, RunTimeout, "the first job starts before the drain");
        try
        {
            Assert.Equal(WorkerState.Draining, (await _queues.DrainAsync(worker)).State);
            var waiting = await _jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue });

            Assert.Equal(JobState.Succeeded, (await _jobs.WaitForTerminalAsync(running.Id, RunTimeout)).State);
            await Continually.Async(async () => (await _jobs.GetAsync(waiting.Id)).State == JobState.Queued, TimeSpan.FromSeconds(2), "a draining worker takes no new work");
            Assert.Equal(WorkerState.Draining, Assert.Single(await _queues.ListWorkersAsync()).State);

            Assert.Equal(WorkerState.Available, (await _queues.ResumeWorkerAsync(worker)).State);
            Assert.Equal(JobState.Succeeded, (await _jobs.WaitForTerminalAsync(waiting.Id, RunTimeout)).State);
        }
        finally
        {
            await _queues.ResumeWorkerAsync(worker);
        }
    }

    [Fact]
    public async Task Drain_UnknownWorker_Returns404()
    {
        using var response = await _client.PostAsync("/api/v1/workers/127.0.0.1:1@1/drain", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
