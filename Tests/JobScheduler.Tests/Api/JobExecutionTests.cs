using Docker.DotNet;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>Jobs run end to end in embedded mode: REST API, job grain, reminder, queue, worker, real Docker engine.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class JobExecutionTests(EmbeddedApiFixture api) : IDisposable
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly RetryPolicy NoRetry = new() { MaxAttempts = 1 };
    private readonly JobsHttpClient _jobs = new(api.CreateClient());
    private readonly DockerClient _docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    [Fact]
    public async Task Job_EchoingEnvAndArgv_SucceedsAndLogsHoldExactlyThatOutput()
    {
        var job = await _jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sh", "-c", "echo \"$GREETING\"; printf '%s\\n' \"$@\"; echo to-stderr >&2", "sh", "one two", "three"],
            Env = new Dictionary<string, string> { ["GREETING"] = "hello world" },
        });

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.Succeeded, done.State);
        var attempt = Assert.Single(done.Attempts);
        Assert.Equal(1, attempt.Number);
        Assert.Equal(0, attempt.ExitCode);
        Assert.NotNull(attempt.ContainerId);
        Assert.NotNull(attempt.StartedAt);
        Assert.True(attempt.EndedAt >= attempt.StartedAt);
        var logs = await _jobs.GetLogsAsync(job.Id);
        Assert.Equal("hello world\none two\nthree\n", logs.Stdout);
        Assert.Equal("to-stderr\n", logs.Stderr);
        Assert.True(logs.Complete);
    }

    [Fact]
    public async Task Job_ExitingWithThree_FailsWithExitCodeThree()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sh", "-c", "exit 3"], Retry = NoRetry });

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(3, done.CurrentAttempt!.ExitCode);
        Assert.StartsWith(FailureReasons.NonZeroExit, done.CurrentAttempt.FailureReason);
    }

    [Fact]
    public async Task Job_ArgvWithShellMetacharacters_ReachesTheContainerLiterally()
    {
        string[] arguments = ["; rm -rf /", "$(id)", "`whoami`", "\"double\" 'single'", "a && b | c > /tmp/x"];
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["printf", "%s\\n", .. arguments] });

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal(string.Concat(arguments.Select(a => a + "\n")), (await _jobs.GetLogsAsync(job.Id)).Stdout);
    }

    [Fact]
    public async Task Job_DueInThreeSeconds_WaitsScheduledThenIsClaimedWithinHalfASecondOfItsTime()
    {
        await using var stalls = TimerLatenessProbe.Start();
        var runAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["true"], RunAt = runAt });
        Assert.Equal(JobState.Scheduled, job.State);
        Assert.Equal(runAt, job.DueAt);

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.Succeeded, done.State);
        var attempt = done.CurrentAttempt!;
        Assert.True(attempt.ClaimedAt >= runAt, $"claimed at {attempt.ClaimedAt:O}, before its time {runAt:O}");
        // Half a second is the scheduler's; a stall of this whole process (the embedded silo is in it) comes on top.
        Assert.True(attempt.ClaimedAt - runAt <= TimeSpan.FromMilliseconds(500) + stalls.Worst,
            $"claimed {(attempt.ClaimedAt - runAt).TotalMilliseconds:0} ms after its time; this process's timers ran at worst {stalls.Worst.TotalMilliseconds:0} ms late meanwhile");
        // The engine's own create and start take 0.5-0.9 s here when idle, and more when the machine is busy: the
        // scheduler's share is the claim above; this bound only catches a start that waited for something else.
        Assert.True(attempt.StartedAt - runAt <= TimeSpan.FromSeconds(3), $"started {(attempt.StartedAt - runAt)?.TotalMilliseconds} ms after its time");
    }

    [Fact]
    public async Task Cancel_RunningJob_RemovesItsContainerWithinFiveSeconds()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sleep", "600"] });
        var running = await _jobs.WaitUntilAsync(job.Id, j => j.CurrentAttempt?.ContainerId is not null, RunTimeout, "to have a running container");
        var containerId = running.CurrentAttempt!.ContainerId!;
        Assert.True(await ContainerExistsAsync(containerId));

        var cancelled = await _jobs.CancelAsync(job.Id);

        Assert.Equal(JobState.Cancelled, cancelled.State);
        await Eventually.Async(async () => !await ContainerExistsAsync(containerId), TimeSpan.FromSeconds(5), $"container {containerId} to be removed");
        var final = await _jobs.WaitUntilAsync(job.Id, j => j.CurrentAttempt?.EndedAt is not null, RunTimeout, "to record the end of its attempt");
        Assert.Equal(JobState.Cancelled, final.State);
        Assert.Equal(FailureReasons.Cancelled, final.CurrentAttempt!.FailureReason);
    }

    [Fact]
    public async Task Cancel_ScheduledJob_NeverRuns()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddSeconds(2) });

        var cancelled = await _jobs.CancelAsync(job.Id);

        Assert.Equal(JobState.Cancelled, cancelled.State);
        // Proving that nothing starts it needs a window without anything happening: until well past its run time.
        await Continually.Async(
            async () => await _jobs.GetAsync(job.Id) is { State: JobState.Cancelled, Attempts.Count: 0 },
            TimeSpan.FromSeconds(4),
            "the cancelled job stays Cancelled without an attempt past its run time");
    }

    [Fact]
    public async Task Job_OutrunningThreeSecondTimeout_FailsWithReasonTimeoutAndIsRemoved()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sleep", "600"], Timeout = TimeSpan.FromSeconds(3), Retry = NoRetry });

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.Failed, done.State);
        var attempt = done.CurrentAttempt!;
        Assert.Equal(FailureReasons.Timeout, attempt.FailureReason);
        Assert.True(attempt.EndedAt - attempt.StartedAt < TimeSpan.FromSeconds(8), $"ran {attempt.EndedAt - attempt.StartedAt}");
        Assert.False(await ContainerExistsAsync(attempt.ContainerId!));
    }

    [Fact]
    public async Task RunningJob_ContainerInspect_ShowsSecurityDefaultsAndLabels()
    {
        var job = await _jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sleep", "600"],
            Resources = new ResourceLimits { Cpus = 0.5, MemoryMb = 64, Pids = 50 },
        });
        var running = await _jobs.WaitUntilAsync(job.Id, j => j.CurrentAttempt?.ContainerId is not null, RunTimeout, "to have a running container");

        try
        {
            var inspect = await _docker.Containers.InspectContainerAsync(running.CurrentAttempt!.ContainerId);
            var host = inspect.HostConfig;
            Assert.False(host.Privileged);
            Assert.Contains("ALL", host.CapDrop);
            Assert.True(host.CapAdd is null || host.CapAdd.Count == 0);
            Assert.Contains("no-new-privileges", host.SecurityOpt);
            Assert.Equal("none", host.NetworkMode);
            Assert.True(host.Binds is null || host.Binds.Count == 0);
            Assert.Equal(64L * 1024 * 1024, host.Memory);
            Assert.Equal(500_000_000L, host.NanoCPUs);
            Assert.Equal(50L, host.PidsLimit);
            Assert.Equal("json-file", host.LogConfig.Type);
            Assert.True(host.LogConfig.Config.ContainsKey("max-size"));
            Assert.Equal(job.Id, inspect.Config.Labels["jobscheduler.job-id"]);
            Assert.Equal("1", inspect.Config.Labels["jobscheduler.attempt"]);
        }
        finally
        {
            await _jobs.CancelAsync(job.Id);
        }
    }

    [Fact]
    public async Task Logs_OfRunningJob_ShowOutputSoFar()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sh", "-c", "echo started; sleep 600"] });
        await _jobs.WaitUntilAsync(job.Id, j => j.CurrentAttempt?.ContainerId is not null, RunTimeout, "to have a running container");

        try
        {
            JobLogs? logs = null;
            await Eventually.Async(async () => (logs = await _jobs.GetLogsAsync(job.Id)).Stdout == "started\n", TimeSpan.FromSeconds(10), "live logs to show the first line");
            Assert.False(logs!.Complete);
        }
        finally
        {
            await _jobs.CancelAsync(job.Id);
        }
    }

    public void Dispose() => _docker.Dispose();

    private async Task<bool> ContainerExistsAsync(string containerId)
    {
        try
        {
            await _docker.Containers.InspectContainerAsync(containerId);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }
}
