using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Retries;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// The job life cycle as pure functions:
/// <c>Scheduled → Queued → Running → Succeeded | Failed | Cancelled</c>, with failed attempts going
/// <c>RetryWaiting → Queued</c> until the retry policy is exhausted (<c>DeadLettered</c>).
/// The job grain persists whatever this returns; nothing here does I/O, so every transition is unit-tested.
/// </summary>
public static class JobStateMachine
{
    private static readonly HashSet<string> NonRetryableReasons =
        new([FailureReasons.ImageUnavailable, FailureReasons.ContainerError, FailureReasons.Cancelled, FailureReasons.BuildFailed], StringComparer.Ordinal);

    /// <summary>A new job: <see cref="JobState.Scheduled"/> when its run time is ahead, otherwise <see cref="JobState.Queued"/>.</summary>
    public static JobRecord Create(
        string id, JobSpec spec, string? idempotencyKey, DateTimeOffset now, JobParent? parent = null, string? submittedBy = null)
    {
        var runsLater = spec.RunAt is { } runAt && runAt > now;
        return new JobRecord
        {
            Id = id,
            Spec = spec,
            State = runsLater ? JobState.Scheduled : JobState.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            DueAt = runsLater ? spec.RunAt!.Value : now,
            IdempotencyKey = idempotencyKey,
            Parent = parent,
            SubmittedBy = submittedBy,
        };
    }

    /// <summary>Applies <paramref name="e"/> to <paramref name="job"/> at time <paramref name="now"/>.</summary>
    public static Transition Apply(JobRecord job, JobEvent e, DateTimeOffset now) => e switch
    {
        JobBecameDue => BecomeDue(job, now),
        JobClaimed claimed => Claim(job, claimed, now),
        ContainerStarted started => UpdateRunning(job, started.Attempt, a => a with { ContainerId = started.ContainerId, StartedAt = started.StartedAt }),
        LeaseRenewed renewed => UpdateRunning(job, renewed.Attempt, a => a with { LeaseExpiresAt = now + renewed.Lease }),
        AttemptAdopted adopted => UpdateRunning(job, adopted.Attempt, a => a with { Worker = adopted.Worker, LeaseExpiresAt = now + adopted.Lease }),
        AttemptEnded ended => End(job, ended.Result, ended.Retry, now),
        LeaseExpired expired => ExpireLease(job, expired.Retry, now),
        CancelRequested cancel => Cancel(job, cancel.Actor, now),
        RequeueRequested requeue => Requeue(job, requeue.Actor, now),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown job event."),
    };

    /// <summary>When the job next needs attention, or null once it is terminal. The deadline sweep keeps this per job.</summary>
    public static DateTimeOffset? NextDeadline(JobRecord job, DateTimeOffset now, TimeSpan queuedRecheck) => job.State switch
    {
        JobState.Scheduled or JobState.RetryWaiting => job.DueAt,
        JobState.Queued => now + queuedRecheck,
        JobState.Running => job.CurrentAttempt?.LeaseExpiresAt ?? now + queuedRecheck,
        _ => null,
    };

    private static Transition BecomeDue(JobRecord job, DateTimeOffset now) =>
        job.State is not (JobState.Scheduled or JobState.RetryWaiting)
            ? Transition.Reject(job, $"only a scheduled or retry-waiting job becomes due; this one is {job.State}")
        : now < job.DueAt ? Transition.Reject(job, $"not due until {job.DueAt:O}")
        : Transition.To(job with { State = JobState.Queued, UpdatedAt = now });

    private static Transition Claim(JobRecord job, JobClaimed claimed, DateTimeOffset now)
    {
        if (job.State != JobState.Queued)
            return Transition.Reject(job, $"only a queued job can be claimed; this one is {job.State}");

        var attempt = new JobAttempt
        {
            Number = job.Attempts.Count + 1,
            Worker = claimed.Worker,
            ClaimedAt = now,
            LeaseExpiresAt = now + claimed.Lease,
        };
        return Transition.To(job with { State = JobState.Running, UpdatedAt = now, Attempts = [.. job.Attempts, attempt] });
    }

    private static Transition UpdateRunning(JobRecord job, int attempt, Func<JobAttempt, JobAttempt> update)
    {
        if (Fence(job, attempt) is { } stale)
            return Transition.Reject(job, stale);
        if (job.State != JobState.Running || job.CurrentAttempt!.EndedAt is not null)
            return Transition.Reject(job, $"attempt {attempt} is not running; the job is {job.State}");
        return Transition.To(job with { Attempts = ReplaceCurrent(job, update(job.CurrentAttempt!)) });
    }

    private static Transition End(JobRecord job, AttemptResult result, RetryContext retry, DateTimeOffset now)
    {
        if (Fence(job, result.Attempt) is { } stale)
            return Transition.Reject(job, stale);
        var current = job.CurrentAttempt!;
        if (current.EndedAt is not null)
            return Transition.Reject(job, $"attempt {current.Number} already ended");
        if (job.State != JobState.Running)
            return Transition.Reject(job, $"a result cannot end a job that is {job.State}");

        var ended = current with
        {
            ContainerId = result.ContainerId ?? current.ContainerId,
            StartedAt = result.StartedAt ?? current.StartedAt,
            EndedAt = result.EndedAt,
            ExitCode = result.ExitCode,
            FailureReason = result.Succeeded ? null : result.FailureReason ?? FailureReasons.NonZeroExit,
        };
        var withEnded = job with { UpdatedAt = now, Attempts = ReplaceCurrent(job, ended) };
        return Transition.To(result.Succeeded ? withEnded with { State = JobState.Succeeded } : AfterFailure(withEnded, ended, retry, now));
    }

    private static Transition ExpireLease(JobRecord job, RetryContext retry, DateTimeOffset now)
    {
        if (job.State != JobState.Running || job.CurrentAttempt is not { EndedAt: null, LeaseExpiresAt: { } expiresAt } current)
            return Transition.Reject(job, $"no running attempt holds a lease; the job is {job.State}");
        if (now < expiresAt)
            return Transition.Reject(job, $"the lease runs until {expiresAt:O}");

        var ended = current with { EndedAt = now, FailureReason = FailureReasons.LeaseLost };
        return Transition.To(AfterFailure(job with { UpdatedAt = now, Attempts = ReplaceCurrent(job, ended) }, ended, retry, now));
    }

    private static JobRecord AfterFailure(JobRecord job, JobAttempt failed, RetryContext retry, DateTimeOffset now)
    {
        var policy = retry.Policy;
        var maxAttempts = policy.MaxAttempts ?? 1;
        var reasonCode = FailureReasons.CodeOf(failed.FailureReason ?? FailureReasons.NonZeroExit);
        var notRetryable = NonRetryableReasons.Contains(reasonCode)
            || (reasonCode == FailureReasons.NonZeroExit && failed.ExitCode is { } code && policy.NonRetryableExitCodes?.Contains(code) == true);
        if (notRetryable || maxAttempts <= 1)
            return job with { State = JobState.Failed };

        var used = job.Attempts.Count - job.RetryBase;
        if (used >= maxAttempts)
            return job with { State = JobState.DeadLettered };

        return job with { State = JobState.RetryWaiting, DueAt = now + RetryBackoff.Delay(policy, used, retry.JitterSample) };
    }

    private static Transition Cancel(JobRecord job, string? actor, DateTimeOffset now)
    {
        if (job.State.IsTerminal())
            return Transition.Reject(job, $"the job is already {job.State}");

        // A running attempt ends with the cancel (its container is removed before the cancel answers),
        // so the record is complete even if its worker dies before it could report.
        var cancelled = job with { State = JobState.Cancelled, UpdatedAt = now, Actions = WithAction(job, JobAction.Cancel, actor, now) };
        return job.State == JobState.Running && job.CurrentAttempt is { EndedAt: null } running
            ? Transition.To(cancelled with { Attempts = ReplaceCurrent(job, running with { EndedAt = now, FailureReason = FailureReasons.Cancelled }) })
            : Transition.To(cancelled);
    }

    private static Transition Requeue(JobRecord job, string? actor, DateTimeOffset now) =>
        !job.State.IsRequeueable()
            ? Transition.Reject(job, $"only a failed or dead-lettered job can be requeued; this one is {job.State}")
            : Transition.To(job with
            {
                State = JobState.Queued, UpdatedAt = now, DueAt = now, RetryBase = job.Attempts.Count,
                Actions = WithAction(job, JobAction.Requeue, actor, now),
            });

    /// <summary>The job's actions with one more; only the newest <see cref="MaxActions"/> are kept, so a job requeued forever stays small.</summary>
    private static JobAction[] WithAction(JobRecord job, string action, string? actor, DateTimeOffset now) =>
        [.. job.Actions.TakeLast(MaxActions - 1), new JobAction { At = now, Action = action, Actor = actor }];

    /// <summary>The most actions a job's history keeps.</summary>
    public const int MaxActions = 50;

    /// <summary>The fencing rule: only the current attempt may report.</summary>
    private static string? Fence(JobRecord job, int attempt) =>
        job.CurrentAttempt is { } current && current.Number == attempt
            ? null
            : $"attempt {attempt} is stale; the current attempt is {job.CurrentAttempt?.Number ?? 0}";

    private static JobAttempt[] ReplaceCurrent(JobRecord job, JobAttempt attempt)
    {
        var attempts = job.Attempts.ToArray();
        attempts[^1] = attempt;
        return attempts;
    }
}
