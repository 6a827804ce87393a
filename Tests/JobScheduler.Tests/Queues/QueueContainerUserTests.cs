using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Queues;

/// <summary>Jobs run as nobody on a read-only root filesystem, unless their queue's admin chose a user or a writable root.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class QueueContainerUserTests(EmbeddedApiFixture api)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    // Prints the uid, the gid, whether / and /tmp take a file, and the open-files limit, one per line.
    private static readonly string[] Probe =
    [
        "sh", "-c",
        "id -u; id -g; if touch /probe 2>/dev/null; then echo root-writable; else echo root-read-only; fi; " +
        "echo tmp-ok > /tmp/probe && cat /tmp/probe; ulimit -n",
    ];

    private readonly JobsHttpClient _jobs = new(api.CreateClient());
    private readonly QueuesHttpClient _queues = new(api.CreateClient());

    [Fact]
    public async Task Job_QueueWithoutSettings_RunsAsNobodyAndCannotWriteRoot()
    {
        var queue = QueuesHttpClient.UniqueName("nobody");

        var lines = await RunProbeAsync(queue);

        Assert.Equal(["65534", "65534", "root-read-only", "tmp-ok", "1024"], lines);
    }

    [Fact]
    public async Task Job_QueueAllowsRootAndWritableRoot_RunsAsRootAndWritesRoot()
    {
        var queue = QueuesHttpClient.UniqueName("root");
        var status = await _queues.UpdateAsync(queue, new QueueSettings { User = "0:0", WritableRootFilesystem = true });
        Assert.Equal("0:0", status.Settings.User);
        Assert.True(status.Settings.WritableRootFilesystem);

        var lines = await RunProbeAsync(queue);

        Assert.Equal(["0", "0", "root-writable", "tmp-ok", "1024"], lines);
    }

    private async Task<string[]> RunProbeAsync(string queue)
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = Probe, Queue = queue, Retry = new RetryPolicy { MaxAttempts = 1 } });
        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);
        var logs = await _jobs.GetLogsAsync(job.Id);
        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.CurrentAttempt?.FailureReason} {logs.Stderr}");
        return logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
