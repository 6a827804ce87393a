using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// The job life cycle as pure functions: <c>Scheduled → Queued → Running → Succeeded | Failed | Cancelled</c>.
/// The job grain persists whatever this returns; nothing here does I/O, so every transition is unit-tested.
/// </summary>
public static class JobStateMachine
{
    /// <summary>A new job: <see cref="JobState.Scheduled"/> when its run time is ahead, otherwise <see cref="JobState.Queued"/>.</summary>
    public static JobRecord Create(string id, JobSpec spec, string? idempotencyKey, DateTimeOffset now)
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
        };
    }

    /// <summary>Applies <paramref name="e"/> to <paramref name="job"/> at time <paramref name="now"/>.</summary>
    public static Transition Apply(JobRecord job, JobEvent e, DateTimeOffset now) => e switch
    {
        JobBecameDue => BecomeDue(job, now),
        JobClaimed claimed => Claim(job, claimed.Worker, now),
        ContainerStarted started => Start(job, started),
        AttemptEnded ended => End(job, ended.Result, now),
        CancelRequested => Cancel(job, now),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown job event."),
    };

    private static Transition BecomeDue(JobRecord job, DateTimeOffset now) =>
        job.State != JobState.Scheduled ? Transition.Reject(job, $"only a scheduled job becomes due; this one is {job.State}")
        : now < job.DueAt ? Transition.Reject(job, $"not due until {job.DueAt:O}")
        : Transition.To(job with { State = JobState.Queued, UpdatedAt = now });

    private static Transition Claim(JobRecord job, string worker, DateTimeOffset now)
    {
        if (job.State != JobState.Queued)
            return Transition.Reject(job, $"only a queued job can be claimed; this one is {job.State}");

        var attempt = new JobAttempt { Number = job.Attempts.Count + 1, Worker = worker, ClaimedAt = now };
        return Transition.To(job with { State = JobState.Running, UpdatedAt = now, Attempts = [.. job.Attempts, attempt] });
    }

    private static Transition Start(JobRecord job, ContainerStarted started)
    {
        if (Fence(job, started.Attempt) is { } stale)
            return Transition.Reject(job, stale);
        if (job.State != JobState.Running)
            return Transition.Reject(job, $"the attempt's job is {job.State}, not running");

        var attempt = job.CurrentAttempt! with { ContainerId = started.ContainerId, StartedAt = started.StartedAt };
        return Transition.To(job with { Attempts = ReplaceCurrent(job, attempt) });
    }

    private static Transition End(JobRecord job, AttemptResult result, DateTimeOffset now)
    {
        if (Fence(job, result.Attempt) is { } stale)
            return Transition.Reject(job, stale);
        var current = job.CurrentAttempt!;
        if (current.EndedAt is not null)
            return Transition.Reject(job, $"attempt {current.Number} already ended");

        var ended = current with
        {
            ContainerId = result.ContainerId ?? current.ContainerId,
            StartedAt = result.StartedAt ?? current.StartedAt,
            EndedAt = result.EndedAt,
            ExitCode = result.ExitCode,
            FailureReason = result.Succeeded ? null : result.FailureReason ?? FailureReasons.NonZeroExit,
        };

        // A cancelled job stays cancelled: the result only completes the record of its last attempt.
        var state = job.State switch
        {
            JobState.Running => result.Succeeded ? JobState.Succeeded : JobState.Failed,
            JobState.Cancelled => JobState.Cancelled,
            _ => (JobState?)null,
        };
        return state is null
            ? Transition.Reject(job, $"a result cannot end a job that is {job.State}")
            : Transition.To(job with { State = state.Value, UpdatedAt = now, Attempts = ReplaceCurrent(job, ended) });
    }

    private static Transition Cancel(JobRecord job, DateTimeOffset now) =>
        job.State.IsTerminal()
            ? Transition.Reject(job, $"the job is already {job.State}")
            : Transition.To(job with { State = JobState.Cancelled, UpdatedAt = now });

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
