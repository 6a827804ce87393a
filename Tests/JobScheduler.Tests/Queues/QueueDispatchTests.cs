using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Queues;

/// <summary>
/// Queues dispatch by priority, within their concurrency limit and the jobs' concurrency keys, and hold their jobs
/// while paused — with real containers in embedded mode.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class QueueDispatchTests(EmbeddedApiFixture api)
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly JobsHttpClient _jobs = new(api.CreateClient());
    private readonly QueuesHttpClient _queues = new(api.CreateClient());

    [Fact]
    public async Task FullQueue_WaitingJobs_StartInPriorityOrder()
    {
        var queue = QueuesHttpClient.UniqueName("priority");
        await _queues.UpdateAsync(queue, new QueueSettings { ConcurrencyLimit = 1 });
        var blocker = await _jobs.SubmitAsync(Sleep(queue, seconds: 2));
        await _jobs.WaitUntilAsync(blocker.Id, j => j.State == JobState.Running, RunTimeout, "the blocker takes the queue's only slot");

        var low = await _jobs.SubmitAsync(Sleep(queue, seconds: 0) with { Priority = 1 });
        var high = await _jobs.SubmitAsync(Sleep(queue, seconds: 0) with { Priority = 5 });
        var middle = await _jobs.SubmitAsync(Sleep(queue, seconds: 0) with { Priority = 3 });

        var done = await Task.WhenAll(new[] { high, middle, low }.Select(j => _jobs.WaitForTerminalAsync(j.Id, RunTimeout)));
        Assert.All(done, j => Assert.Equal(JobState.Succeeded, j.State));
        var claimOrder = done.OrderBy(j => j.Attempts[0].ClaimedAt).Select(j => j.Spec.Priority);
        Assert.Equal([5, 3, 1], claimOrder);
    }

    [Fact]
    public async Task ConcurrencyLimit_SixJobsLimitTwo_NeverMoreThanTwoRun()
    {
        var queue = QueuesHttpClient.UniqueName("limit");
        await _queues.UpdateAsync(queue, new QueueSettings { ConcurrencyLimit = 2 });
        var jobs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _jobs.SubmitAsync(Sleep(queue, seconds: 1))));

        var sampledMax = 0;
        var all = Task.WhenAll(jobs.Select(j => _jobs.WaitForTerminalAsync(j.Id, RunTimeout)));
        while (!all.IsCompleted)
        {
            var status = await _queues.GetAsync(queue);
            sampledMax = Math.Max(sampledMax, status.Running);
            Assert.True(status.Running <= 2, $"the queue counts {status.Running} running jobs under a limit of 2");
            await Task.Delay(100); // the sampling pace while the jobs run, not a guess at when something happens
        }

        var done = await all;
        Assert.All(done, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(2, sampledMax);
        Assert.Equal(2, AttemptOverlap.Max(done));
    }

    [Fact]
    public async Task ConcurrencyKey_MaxOne_KeyedJobsRunOneAtATimeWhileOthersPass()
    {
        var queue = QueuesHttpClient.UniqueName("mutex");
        var keyed = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            _jobs.SubmitAsync(Sleep(queue, seconds: 1) with { ConcurrencyKey = "customer-42", MaxConcurrent = 1 })));
        var free = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _jobs.SubmitAsync(Sleep(queue, seconds: 1))));

        var keyedDone = await Task.WhenAll(keyed.Select(j => _jobs.WaitForTerminalAsync(j.Id, RunTimeout)));
        var freeDone = await Task.WhenAll(free.Select(j => _jobs.WaitForTerminalAsync(j.Id, RunTimeout)));

        Assert.All(keyedDone.Concat(freeDone), j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(1, AttemptOverlap.Max(keyedDone));
        // The jobs without the key did not wait behind the keyed ones.
        var lastKeyedEnd = keyedDone.Max(j => j.Attempts[0].EndedAt!.Value);
        Assert.All(freeDone, j => Assert.True(j.Attempts[0].ClaimedAt < lastKeyedEnd, "a job without the key waited for the keyed ones"));
    }

    [Fact]
    public async Task PausedQueue_HoldsJobsQueued_ResumeRunsThem()
    {
        var queue = QueuesHttpClient.UniqueName("paused");
        var paused = await _queues.PauseAsync(queue);
        Assert.True(paused.Paused);

        var job = await _jobs.SubmitAsync(Sleep(queue, seconds: 0));
        await Continually.Async(async () => (await _jobs.GetAsync(job.Id)).State == JobState.Queued, TimeSpan.FromSeconds(3), "a paused queue hands out nothing");
        Assert.Equal(1, (await _queues.GetAsync(queue)).Depth[JobState.Queued]);

        Assert.False((await _queues.ResumeAsync(queue)).Paused);
        Assert.Equal(JobState.Succeeded, (await _jobs.WaitForTerminalAsync(job.Id, RunTimeout)).State);
        var status = await _queues.GetAsync(queue);
        Assert.Equal(1, status.Depth[JobState.Succeeded]);
        Assert.Contains(await _queues.ListAsync(), q => q.Name == queue);
    }

    [Fact]
    public async Task QueueDefaults_RetryAndMemory_ApplyToJobsThatLeaveThemOut()
    {
        var queue = QueuesHttpClient.UniqueName("defaults");
        await _queues.UpdateAsync(queue, new QueueSettings
        {
            Retry = new RetryPolicy { MaxAttempts = 1 },
            Resources = new ResourceLimits { MemoryMb = 64 },
        });

        var failing = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sh", "-c", "exit 1"], Queue = queue });
        var memory = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sh", "-c", "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes"], Queue = queue });

        var failed = await _jobs.WaitForTerminalAsync(failing.Id, RunTimeout);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Single(failed.Attempts);
        Assert.Equal(JobState.Succeeded, (await _jobs.WaitForTerminalAsync(memory.Id, RunTimeout)).State);
        Assert.Equal((64L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), (await _jobs.GetLogsAsync(memory.Id)).Stdout.Trim());
    }

    private static JobSpec Sleep(string queue, int seconds) =>
        new() { Image = Image, Command = ["sleep", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], Queue = queue };
}
