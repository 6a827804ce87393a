using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace JobScheduler.Tests.Jobs;

/// <summary>A job's container runs with the settings stored at submission, not with its queue's settings of the moment it runs.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class EffectiveSettingsDockerTests(EmbeddedApiFixture api)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private const long BytesPerMiB = 1024 * 1024;

    // The uid, then the memory and process limits of the container's cgroup (v2, else v1), one per line.
    private static readonly string[] Probe =
    [
        "sh", "-c",
        "id -u; cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; " +
        "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max",
    ];

    private readonly JobsHttpClient _jobs = new(api.CreateClient());
    private readonly QueuesHttpClient _queues = new(api.CreateClient());

    [Fact]
    public async Task Job_QueueChangedBeforeItRuns_ContainerRunsWithTheStoredSettings()
    {
        var queue = QueuesHttpClient.UniqueName("stored");
        await _queues.UpdateAsync(queue, new QueueSettings { Resources = new ResourceLimits { MemoryMb = 96, Pids = 77 }, User = "0:0" });
        // Due a few seconds later, so the queue's change lands before any worker claims it.
        var job = await _jobs.SubmitAsync(new JobSpec
        {
            Image = "busybox:latest", Command = Probe, Queue = queue, RunAt = DateTimeOffset.UtcNow.AddSeconds(3), Retry = new RetryPolicy { MaxAttempts = 1 },
        });
        await _queues.UpdateAsync(queue, new QueueSettings { Resources = new ResourceLimits { MemoryMb = 160, Pids = 99 } });

        var lines = await RunToEndAsync(job.Id);

        Assert.Equal(["0", (96 * BytesPerMiB).ToString(System.Globalization.CultureInfo.InvariantCulture), "77"], lines);
    }

    [Fact]
    public async Task Job_StoredWithoutSettings_WorkerResolvesThemAtClaim()
    {
        // A job as a version before effective settings stored it: no Effective. Its worker takes the queue's values then.
        var queue = QueuesHttpClient.UniqueName("upgraded");
        await _queues.UpdateAsync(queue, new QueueSettings { Resources = new ResourceLimits { MemoryMb = 80 } });
        var id = $"upgraded-{Guid.NewGuid():N}";
        var spec = new JobSpec { Image = "busybox:latest", Command = Probe, Queue = queue, Retry = new RetryPolicy { MaxAttempts = 1 } };
        var old = JobStateMachine.Create(id, spec, idempotencyKey: null, DateTimeOffset.UtcNow);
        Assert.Null(old.Effective);
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        var storage = api.Factory.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grain = grains.GetGrain<IJobGrain>(id);
        await storage.WriteStateAsync("job", grain.GetGrainId(), new GrainState<JobGrainState>(new JobGrainState { Job = old }));

        // What the job's reminder or the deadline sweep would do for it: it puts itself in its queue.
        await grain.AsReference<IJobProtocolGrain>().Reconcile();
        var lines = await RunToEndAsync(id);

        Assert.Equal(["65534", (80 * BytesPerMiB).ToString(System.Globalization.CultureInfo.InvariantCulture), "256"], lines);
        Assert.Null((await _jobs.GetAsync(id)).Effective);
    }

    private async Task<string[]> RunToEndAsync(string id)
    {
        var done = await _jobs.WaitForTerminalAsync(id, RunTimeout);
        var logs = await _jobs.GetLogsAsync(id);
        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.CurrentAttempt?.FailureReason} {logs.Stderr}");
        return logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
