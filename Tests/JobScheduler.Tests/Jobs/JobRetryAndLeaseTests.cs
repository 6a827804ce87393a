using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Tests.Jobs;

/// <summary>Retries, dead letters, leases, adoption and requeue in the pure state machine.</summary>
public sealed class JobRetryAndLeaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly RetryPolicy ThreeAttempts = RetryPolicy.Defaults with
    {
        MaxAttempts = 3,
        InitialBackoff = TimeSpan.FromSeconds(10),
        BackoffMultiplier = 2,
        MaxBackoff = TimeSpan.FromMinutes(1),
        Jitter = JitterMode.None,
    };

    [Fact]
    public void AttemptEnded_RetryableFailureWithAttemptsLeft_WaitsForRetryAfterBackoff()
    {
        var job = Fail(Running(Queued()), exitCode: 1, ThreeAttempts);

        Assert.Equal(JobState.RetryWaiting, job.State);
        Assert.Equal(Now.AddSeconds(10), job.DueAt);
        Assert.Equal("non-zero-exit: exit code 1", job.CurrentAttempt!.FailureReason);
    }

    [Fact]
    public void BecameDue_RetryWaitingAtItsTime_IsQueuedAndNextClaimIsAttemptTwo()
    {
        var waiting = Fail(Running(Queued()), exitCode: 1, ThreeAttempts);

        var early = JobStateMachine.Apply(waiting, new JobBecameDue(), Now.AddSeconds(9));
        var due = JobStateMachine.Apply(waiting, new JobBecameDue(), Now.AddSeconds(10)).Job;
        var claimed = JobStateMachine.Apply(due, new JobClaimed("silo-b", Lease), Now.AddSeconds(11)).Job;

        Assert.False(early.Accepted);
        Assert.Equal(JobState.Queued, due.State);
        Assert.Equal(2, claimed.CurrentAttempt!.Number);
        Assert.Equal("silo-b", claimed.CurrentAttempt.Worker);
    }

    [Fact]
    public void AttemptEnded_EveryAttemptFails_SpacedByGrowingBackoffThenDeadLettered()
    {
        var job = Queued();
        var dueTimes = new List<DateTimeOffset>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            job = Fail(Running(job), exitCode: 1, ThreeAttempts);
            if (job.State == JobState.RetryWaiting)
            {
                dueTimes.Add(job.DueAt);
                job = JobStateMachine.Apply(job, new JobBecameDue(), job.DueAt).Job;
            }
        }

        Assert.Equal(JobState.DeadLettered, job.State);
        Assert.Equal([1, 2, 3], job.Attempts.Select(a => a.Number));
        Assert.Equal([Now.AddSeconds(10), Now.AddSeconds(20)], dueTimes);
    }

    [Theory]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(127)]
    public void AttemptEnded_NonRetryableExitCode_FailsAtOnce(int exitCode)
    {
        var job = Fail(Running(Queued()), exitCode, ThreeAttempts);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Single(job.Attempts);
    }

    [Theory]
    [InlineData("image-unavailable: busybox:nope: not found")]
    [InlineData("container-error: exec: no such file")]
    public void AttemptEnded_NonRetryableReason_FailsAtOnce(string reason)
    {
        var job = Fail(Running(Queued()), exitCode: null, ThreeAttempts, reason);

        Assert.Equal(JobState.Failed, job.State);
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("oom-killed")]
    [InlineData("docker-unavailable: unix:///var/run/docker.sock")]
    [InlineData("worker-stopped")]
    public void AttemptEnded_InfrastructureOrResourceFailure_IsRetried(string reason)
    {
        var job = Fail(Running(Queued()), exitCode: 137, ThreeAttempts, reason);

        Assert.Equal(JobState.RetryWaiting, job.State);
    }

    [Fact]
    public void AttemptEnded_CustomNonRetryableExitCode_FailsAtOnce()
    {
        var policy = ThreeAttempts with { NonRetryableExitCodes = [42] };

        Assert.Equal(JobState.Failed, Fail(Running(Queued()), exitCode: 42, policy).State);
        Assert.Equal(JobState.RetryWaiting, Fail(Running(Queued()), exitCode: 126, policy).State);
    }

    [Fact]
    public void LeaseRenewed_CurrentAttempt_ExtendsLease()
    {
        var running = Running(Queued());

        var renewed = JobStateMachine.Apply(running, new LeaseRenewed(1, Lease), Now.AddSeconds(20));

        Assert.True(renewed.Accepted);
        Assert.Equal(Now.AddSeconds(50), renewed.Job.CurrentAttempt!.LeaseExpiresAt);
    }

    [Fact]
    public void LeaseRenewed_StaleAttempt_IsRejected()
    {
        var renewed = JobStateMachine.Apply(Running(Queued()), new LeaseRenewed(2, Lease), Now);

        Assert.False(renewed.Accepted);
        Assert.Contains("stale", renewed.Rejection);
    }

    [Fact]
    public void LeaseExpired_BeforeExpiry_IsRejected()
    {
        var expired = JobStateMachine.Apply(Running(Queued()), new LeaseExpired(new RetryContext(ThreeAttempts, 0)), Now.AddSeconds(29));

        Assert.False(expired.Accepted);
    }

    [Fact]
    public void LeaseExpired_AfterExpiry_FailsAttemptAsLeaseLostAndRetries()
    {
        var expired = JobStateMachine.Apply(Running(Queued()), new LeaseExpired(new RetryContext(ThreeAttempts, 0)), Now.AddSeconds(30));

        Assert.True(expired.Accepted);
        Assert.Equal(JobState.RetryWaiting, expired.Job.State);
        Assert.Equal(FailureReasons.LeaseLost, expired.Job.CurrentAttempt!.FailureReason);
        Assert.Equal(Now.AddSeconds(30), expired.Job.CurrentAttempt.EndedAt);
    }

    [Fact]
    public void AttemptEnded_LateResultAfterLeaseLost_IsRejected()
    {
        var lost = JobStateMachine.Apply(Running(Queued()), new LeaseExpired(new RetryContext(ThreeAttempts, 0)), Now.AddSeconds(30)).Job;
        var retried = Running(JobStateMachine.Apply(lost, new JobBecameDue(), lost.DueAt).Job);

        var late = JobStateMachine.Apply(retried, Ended(1, exitCode: 0, ThreeAttempts), Now.AddSeconds(60));

        Assert.False(late.Accepted);
        Assert.Equal(JobState.Running, late.Job.State);
        Assert.Equal(2, late.Job.CurrentAttempt!.Number);
    }

    [Fact]
    public void AttemptAdopted_CurrentAttempt_MovesItToTheNewWorkerWithFreshLease()
    {
        var adopted = JobStateMachine.Apply(Running(Queued()), new AttemptAdopted(1, "silo-a-reborn", Lease), Now.AddSeconds(10));

        Assert.True(adopted.Accepted);
        Assert.Equal("silo-a-reborn", adopted.Job.CurrentAttempt!.Worker);
        Assert.Equal(Now.AddSeconds(40), adopted.Job.CurrentAttempt.LeaseExpiresAt);
    }

    [Fact]
    public void AttemptAdopted_EndedAttempt_IsRejected()
    {
        var lost = JobStateMachine.Apply(Running(Queued()), new LeaseExpired(new RetryContext(ThreeAttempts, 0)), Now.AddSeconds(30)).Job;

        var adopted = JobStateMachine.Apply(lost, new AttemptAdopted(1, "silo-a-reborn", Lease), Now.AddSeconds(31));

        Assert.False(adopted.Accepted);
    }

    [Fact]
    public void Requeue_DeadLettered_QueuesWithFreshBudgetAndContinuesNumbering()
    {
        var dead = Queued();
        for (var i = 0; i < 3; i++)
        {
            dead = Fail(Running(dead), exitCode: 1, ThreeAttempts);
            if (dead.State == JobState.RetryWaiting)
                dead = JobStateMachine.Apply(dead, new JobBecameDue(), dead.DueAt).Job;
        }

        var requeued = JobStateMachine.Apply(dead, new RequeueRequested(), Now.AddHours(1)).Job;
        var fourth = Fail(Running(requeued), exitCode: 1, ThreeAttempts);

        Assert.Equal(JobState.DeadLettered, dead.State);
        Assert.Equal(JobState.Queued, requeued.State);
        Assert.Equal(3, requeued.RetryBase);
        Assert.Equal(4, fourth.CurrentAttempt!.Number);
        Assert.Equal(JobState.RetryWaiting, fourth.State);
    }

    [Fact]
    public void Requeue_Failed_IsQueued()
    {
        var failed = Fail(Running(Queued()), exitCode: 126, ThreeAttempts);

        Assert.Equal(JobState.Queued, JobStateMachine.Apply(failed, new RequeueRequested(), Now).Job.State);
    }

    [Theory]
    [InlineData(JobState.Queued)]
    [InlineData(JobState.Running)]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Cancelled)]
    public void Requeue_NotFailedOrDeadLettered_IsRejected(JobState state)
    {
        var job = state switch
        {
            JobState.Queued => Queued(),
            JobState.Running => Running(Queued()),
            JobState.Succeeded => JobStateMachine.Apply(Running(Queued()), Ended(1, exitCode: 0, ThreeAttempts), Now).Job,
            _ => JobStateMachine.Apply(Queued(), new CancelRequested(), Now).Job,
        };

        Assert.False(JobStateMachine.Apply(job, new RequeueRequested(), Now).Accepted);
    }

    [Fact]
    public void Cancel_RetryWaiting_IsCancelled()
    {
        var waiting = Fail(Running(Queued()), exitCode: 1, ThreeAttempts);

        Assert.Equal(JobState.Cancelled, JobStateMachine.Apply(waiting, new CancelRequested(), Now).Job.State);
    }

    [Fact]
    public void NextDeadline_FollowsTheState()
    {
        var recheck = TimeSpan.FromSeconds(30);
        var scheduled = JobStateMachine.Create("j", Spec with { RunAt = Now.AddHours(1) }, null, Now);
        var running = Running(Queued());
        var waiting = Fail(running, exitCode: 1, ThreeAttempts);
        var succeeded = JobStateMachine.Apply(running, Ended(1, exitCode: 0, ThreeAttempts), Now).Job;

        Assert.Equal(Now.AddHours(1), JobStateMachine.NextDeadline(scheduled, Now, recheck));
        Assert.Equal(Now + recheck, JobStateMachine.NextDeadline(Queued(), Now, recheck));
        Assert.Equal(Now + Lease, JobStateMachine.NextDeadline(running, Now, recheck));
        Assert.Equal(waiting.DueAt, JobStateMachine.NextDeadline(waiting, Now, recheck));
        Assert.Null(JobStateMachine.NextDeadline(succeeded, Now, recheck));
    }

    private static readonly JobSpec Spec = new() { Image = "busybox:latest", Command = ["false"] };

    private static JobRecord Queued() => JobStateMachine.Create("j", Spec, null, Now);

    private static JobRecord Running(JobRecord queued) => JobStateMachine.Apply(queued, new JobClaimed("silo-a", Lease), Now).Job;

    private static JobRecord Fail(JobRecord running, int? exitCode, RetryPolicy policy, string? reason = null)
    {
        var transition = JobStateMachine.Apply(running, Ended(running.CurrentAttempt!.Number, exitCode, policy, reason), Now);
        Assert.True(transition.Accepted, transition.Rejection);
        return transition.Job;
    }

    private static AttemptEnded Ended(int attempt, int? exitCode, RetryPolicy policy, string? reason = null) =>
        new(new AttemptResult
        {
            Attempt = attempt,
            ExitCode = exitCode,
            EndedAt = Now,
            FailureReason = exitCode == 0 && reason is null ? null : reason ?? $"{FailureReasons.NonZeroExit}: exit code {exitCode}",
        }, new RetryContext(policy, 0));
}
