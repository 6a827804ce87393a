using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Tests.Jobs;

public sealed class JobStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly JobSpec Spec = new() { Image = "busybox:latest", Command = ["true"] };

    [Fact]
    public void Create_WithoutRunAt_IsQueuedAndDueNow()
    {
        var job = JobStateMachine.Create("j1", Spec, null, Now);

        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(Now, job.DueAt);
        Assert.Empty(job.Attempts);
    }

    [Fact]
    public void Create_WithFutureRunAt_IsScheduledUntilThen()
    {
        var job = JobStateMachine.Create("j1", Spec with { RunAt = Now.AddMinutes(5) }, "key", Now);

        Assert.Equal(JobState.Scheduled, job.State);
        Assert.Equal(Now.AddMinutes(5), job.DueAt);
        Assert.Equal("key", job.IdempotencyKey);
    }

    [Fact]
    public void Create_WithPastRunAt_IsQueuedNow()
    {
        var job = JobStateMachine.Create("j1", Spec with { RunAt = Now.AddMinutes(-5) }, null, Now);

        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(Now, job.DueAt);
    }

    [Fact]
    public void BecameDue_ScheduledAtItsTime_IsQueued()
    {
        var job = JobStateMachine.Create("j1", Spec with { RunAt = Now.AddSeconds(3) }, null, Now);

        var early = JobStateMachine.Apply(job, new JobBecameDue(), Now.AddSeconds(2));
        var onTime = JobStateMachine.Apply(job, new JobBecameDue(), Now.AddSeconds(3));

        Assert.False(early.Accepted);
        Assert.Equal(JobState.Scheduled, early.Job.State);
        Assert.True(onTime.Accepted);
        Assert.Equal(JobState.Queued, onTime.Job.State);
    }

    [Fact]
    public void Claim_QueuedJob_StartsAttemptOne()
    {
        var job = Queued();

        var claimed = JobStateMachine.Apply(job, Claimed("silo-a"), Now.AddSeconds(1));

        Assert.True(claimed.Accepted);
        Assert.Equal(JobState.Running, claimed.Job.State);
        var attempt = Assert.Single(claimed.Job.Attempts);
        Assert.Equal(1, attempt.Number);
        Assert.Equal("silo-a", attempt.Worker);
        Assert.Equal(Now.AddSeconds(1), attempt.ClaimedAt);
    }

    [Fact]
    public void ContainerStarted_CurrentAttempt_RecordsContainer()
    {
        var job = Running();

        var started = JobStateMachine.Apply(job, new ContainerStarted(1, "c1", Now.AddSeconds(2)), Now.AddSeconds(2));

        Assert.True(started.Accepted);
        Assert.Equal("c1", started.Job.CurrentAttempt!.ContainerId);
        Assert.Equal(Now.AddSeconds(2), started.Job.CurrentAttempt.StartedAt);
        Assert.Equal(JobState.Running, started.Job.State);
    }

    [Fact]
    public void AttemptEnded_ExitZero_Succeeds()
    {
        var ended = JobStateMachine.Apply(Running(), Ended(Result(1, exitCode: 0)), Now.AddSeconds(5));

        Assert.True(ended.Accepted);
        Assert.Equal(JobState.Succeeded, ended.Job.State);
        Assert.Equal(0, ended.Job.CurrentAttempt!.ExitCode);
        Assert.Null(ended.Job.CurrentAttempt.FailureReason);
        Assert.NotNull(ended.Job.CurrentAttempt.EndedAt);
    }

    [Fact]
    public void AttemptEnded_NonZeroExit_FailsWithExitCodeAndReason()
    {
        var ended = JobStateMachine.Apply(Running(), Ended(Result(1, exitCode: 3, reason: "non-zero-exit: exit code 3")), Now.AddSeconds(5));

        Assert.Equal(JobState.Failed, ended.Job.State);
        Assert.Equal(3, ended.Job.CurrentAttempt!.ExitCode);
        Assert.Equal("non-zero-exit: exit code 3", ended.Job.CurrentAttempt.FailureReason);
    }

    [Fact]
    public void AttemptEnded_NonZeroExitWithoutReason_GetsNonZeroExitReason()
    {
        var ended = JobStateMachine.Apply(Running(), Ended(Result(1, exitCode: 1)), Now.AddSeconds(5));

        Assert.Equal(JobState.Failed, ended.Job.State);
        Assert.Equal(FailureReasons.NonZeroExit, ended.Job.CurrentAttempt!.FailureReason);
    }

    [Fact]
    public void AttemptEnded_Timeout_FailsWithTimeoutReason()
    {
        var ended = JobStateMachine.Apply(Running(), Ended(Result(1, exitCode: 137, reason: FailureReasons.Timeout)), Now.AddSeconds(5));

        Assert.Equal(JobState.Failed, ended.Job.State);
        Assert.Equal(FailureReasons.Timeout, ended.Job.CurrentAttempt!.FailureReason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public void AttemptEnded_StaleAttempt_IsRejectedAndChangesNothing(int staleAttempt)
    {
        var job = Running();

        var ended = JobStateMachine.Apply(job, Ended(Result(staleAttempt, exitCode: 0)), Now.AddSeconds(5));

        Assert.False(ended.Accepted);
        Assert.Contains("stale", ended.Rejection);
        Assert.Same(job, ended.Job);
    }

    [Fact]
    public void ContainerStarted_StaleAttempt_IsRejected()
    {
        var job = Running();

        var started = JobStateMachine.Apply(job, new ContainerStarted(7, "c7", Now), Now);

        Assert.False(started.Accepted);
        Assert.Same(job, started.Job);
    }

    [Fact]
    public void AttemptEnded_Twice_SecondIsRejected()
    {
        var succeeded = JobStateMachine.Apply(Running(), Ended(Result(1, exitCode: 0)), Now.AddSeconds(5)).Job;

        var again = JobStateMachine.Apply(succeeded, Ended(Result(1, exitCode: 1)), Now.AddSeconds(6));

        Assert.False(again.Accepted);
        Assert.Equal(JobState.Succeeded, again.Job.State);
    }

    [Theory]
    [InlineData(JobState.Scheduled)]
    [InlineData(JobState.Queued)]
    [InlineData(JobState.Running)]
    public void Cancel_NonTerminal_IsCancelled(JobState from)
    {
        var cancelled = JobStateMachine.Apply(InState(from), new CancelRequested(), Now.AddSeconds(9));

        Assert.True(cancelled.Accepted);
        Assert.Equal(JobState.Cancelled, cancelled.Job.State);
    }

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Cancelled)]
    public void Cancel_Terminal_IsRejected(JobState from)
    {
        var job = InState(from);

        var cancelled = JobStateMachine.Apply(job, new CancelRequested(), Now.AddSeconds(9));

        Assert.False(cancelled.Accepted);
        Assert.Equal(from, cancelled.Job.State);
    }

    [Fact]
    public void Cancel_Running_EndsTheAttemptAsCancelledAndLaterResultIsRejected()
    {
        var cancelled = JobStateMachine.Apply(Running(), new CancelRequested(), Now.AddSeconds(3)).Job;

        var ended = JobStateMachine.Apply(cancelled, Ended(Result(1, exitCode: 0)), Now.AddSeconds(4));

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Equal(Now.AddSeconds(3), cancelled.CurrentAttempt!.EndedAt);
        Assert.Equal(FailureReasons.Cancelled, cancelled.CurrentAttempt.FailureReason);
        Assert.False(ended.Accepted);
        Assert.Equal(JobState.Cancelled, ended.Job.State);
    }

    [Fact]
    public void AttemptEnded_AfterCancelOfQueuedJob_IsRejected()
    {
        var cancelled = JobStateMachine.Apply(Queued(), new CancelRequested(), Now).Job;

        var ended = JobStateMachine.Apply(cancelled, Ended(Result(1, exitCode: 0)), Now);

        Assert.False(ended.Accepted);
    }

    [Theory]
    [InlineData(JobState.Scheduled)]
    [InlineData(JobState.Running)]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Cancelled)]
    public void Claim_NotQueued_IsRejected(JobState from)
    {
        var job = InState(from);

        var claimed = JobStateMachine.Apply(job, Claimed("silo-b"), Now.AddSeconds(9));

        Assert.False(claimed.Accepted);
        Assert.Equal(job.Attempts.Count, claimed.Job.Attempts.Count);
    }

    [Theory]
    [InlineData(JobState.Queued)]
    [InlineData(JobState.Running)]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Cancelled)]
    public void BecameDue_NotScheduled_IsRejected(JobState from)
    {
        var becameDue = JobStateMachine.Apply(InState(from), new JobBecameDue(), Now.AddDays(1));

        Assert.False(becameDue.Accepted);
        Assert.Equal(from, becameDue.Job.State);
    }

    [Theory]
    [InlineData(JobState.Scheduled)]
    [InlineData(JobState.Queued)]
    public void AttemptEnded_BeforeAnyAttempt_IsRejectedAsStale(JobState from)
    {
        var ended = JobStateMachine.Apply(InState(from), Ended(Result(1, exitCode: 0)), Now);

        Assert.False(ended.Accepted);
        Assert.Contains("stale", ended.Rejection);
    }

    [Fact]
    public void Apply_IsPure_InputRecordUnchanged()
    {
        var job = Running();

        _ = JobStateMachine.Apply(job, Ended(Result(1, exitCode: 0)), Now.AddSeconds(5));

        Assert.Equal(JobState.Running, job.State);
        Assert.Null(job.CurrentAttempt!.EndedAt);
    }

    private static readonly RetryPolicy NoRetry = RetryPolicy.Defaults with { MaxAttempts = 1 };
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static AttemptEnded Ended(AttemptResult result, RetryPolicy? policy = null, double sample = 0) =>
        new(result, new RetryContext(policy ?? NoRetry, sample));

    private static JobClaimed Claimed(string worker) => new(worker, Lease);

    private static JobRecord Queued() => JobStateMachine.Create("j1", Spec, null, Now);

    private static JobRecord Running() => JobStateMachine.Apply(Queued(), Claimed("silo-a"), Now).Job;

    private static JobRecord InState(JobState state) => state switch
    {
        JobState.Scheduled => JobStateMachine.Create("j1", Spec with { RunAt = Now.AddHours(1) }, null, Now),
        JobState.Queued => Queued(),
        JobState.Running => Running(),
        JobState.Succeeded => JobStateMachine.Apply(Running(), Ended(Result(1, exitCode: 0)), Now).Job,
        JobState.Failed => JobStateMachine.Apply(Running(), Ended(Result(1, exitCode: 2)), Now).Job,
        JobState.Cancelled => JobStateMachine.Apply(Queued(), new CancelRequested(), Now).Job,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    private static AttemptResult Result(int attempt, int exitCode, string? reason = null) =>
        new() { Attempt = attempt, ExitCode = exitCode, EndedAt = Now.AddSeconds(4), FailureReason = exitCode == 0 ? null : reason };
}
