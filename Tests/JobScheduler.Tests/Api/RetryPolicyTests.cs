using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>
/// Failed attempts are retried by the job's policy, end to end in embedded mode with real containers: the job waits
/// in <c>RetryWaiting</c> until the next attempt's time, then ends <c>DeadLettered</c> when every attempt failed, or
/// <c>Failed</c> when it allowed one attempt or the exit code is not retryable. Jobs run in the default queue: workers
/// learn of a queue only from its first nudge, and these tests are about retries, not queues.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class RetryPolicyTests(EmbeddedApiFixture api)
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly JobsHttpClient _jobs = new(api.CreateClient());

    [Fact]
    public async Task Job_AlwaysExitingOne_EndsDeadLetteredAfterMaxAttempts()
    {
        var job = await _jobs.SubmitAsync(FailingJob(new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(200) }));

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.DeadLettered, done.State);
        Assert.Equal([1, 2], done.Attempts.Select(a => a.Number));
        Assert.All(done.Attempts, a =>
        {
            Assert.Equal(1, a.ExitCode);
            Assert.StartsWith(FailureReasons.NonZeroExit, a.FailureReason);
            Assert.NotNull(a.EndedAt);
        });
    }

    [Fact]
    public async Task Job_BetweenAttempts_IsRetryWaitingWithTheNextAttemptDueInTheFuture()
    {
        var backoff = TimeSpan.FromSeconds(3);
        var job = await _jobs.SubmitAsync(FailingJob(new RetryPolicy { MaxAttempts = 2, InitialBackoff = backoff, Jitter = JitterMode.None }));

        var waiting = await _jobs.WaitUntilAsync(job.Id, j => j.State == JobState.RetryWaiting, RunTimeout, "to wait for its second attempt");
        var seenAt = DateTimeOffset.UtcNow;

        Assert.True(waiting.DueAt > seenAt, $"due at {waiting.DueAt:O}, not after {seenAt:O}");
        var first = Assert.Single(waiting.Attempts);
        Assert.Equal(1, first.ExitCode);
        Assert.StartsWith(FailureReasons.NonZeroExit, first.FailureReason);
        Assert.True(waiting.DueAt >= first.EndedAt + backoff, $"due at {waiting.DueAt:O}, less than {backoff} after the attempt ended at {first.EndedAt:O}");

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.DeadLettered, done.State);
        Assert.True(done.Attempts[1].ClaimedAt >= waiting.DueAt, $"attempt 2 claimed at {done.Attempts[1].ClaimedAt:O}, before it was due at {waiting.DueAt:O}");
    }

    [Fact]
    public async Task Job_RetriedWithBackoff_SpacesItsAttemptsByAtLeastTheGrowingBackoff()
    {
        var policy = new RetryPolicy { MaxAttempts = 3, InitialBackoff = TimeSpan.FromSeconds(1), BackoffMultiplier = 2, Jitter = JitterMode.None };
        var job = await _jobs.SubmitAsync(FailingJob(policy));

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.DeadLettered, done.State);
        Assert.Equal([1, 2, 3], done.Attempts.Select(a => a.Number));
        TimeSpan[] backoffs = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];
        for (var i = 0; i < backoffs.Length; i++)
        {
            var gap = done.Attempts[i + 1].ClaimedAt - done.Attempts[i].EndedAt!.Value;
            Assert.True(gap >= backoffs[i], $"attempt {i + 2} was claimed {gap.TotalMilliseconds:0} ms after attempt {i + 1} ended; the backoff is {backoffs[i].TotalMilliseconds:0} ms");
        }
    }

    [Fact]
    public async Task Job_AllowingOneAttempt_EndsFailedWithoutRetry()
    {
        var job = await _jobs.SubmitAsync(FailingJob(new RetryPolicy { MaxAttempts = 1 }));

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.Failed, done.State);
        var attempt = Assert.Single(done.Attempts);
        Assert.Equal(1, attempt.ExitCode);
        Assert.StartsWith(FailureReasons.NonZeroExit, attempt.FailureReason);
    }

    [Fact]
    public async Task Job_ExitingWith126_EndsFailedAfterOneAttemptThoughMoreAreAllowed()
    {
        var job = await _jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sh", "-c", "exit 126"],
            Labels = TestLabels(),
            Retry = new RetryPolicy { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(200) },
        });

        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        Assert.Equal(JobState.Failed, done.State);
        var attempt = Assert.Single(done.Attempts);
        Assert.Equal(126, attempt.ExitCode);
        Assert.StartsWith(FailureReasons.NonZeroExit, attempt.FailureReason);
    }

    private static JobSpec FailingJob(RetryPolicy retry) => new()
    {
        Image = Image,
        Command = ["sh", "-c", "exit 1"],
        Labels = TestLabels(),
        Retry = retry,
    };

    private static Dictionary<string, string> TestLabels() => new() { ["test"] = nameof(RetryPolicyTests) };
}
