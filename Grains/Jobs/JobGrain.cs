using JobScheduler.Grains.Queues;
using JobScheduler.Grains.Workers;
using System.Diagnostics;
using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Observability;
using JobScheduler.Grains.Policy;
using JobScheduler.Grains.Retries;
using JobScheduler.Grains.Secrets;
using JobScheduler.Grains.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// The single owner of one job. It persists each transition from <see cref="JobStateMachine"/> before
/// acting on it, keeps one reminder and one deadline-sweep entry while the job is not terminal, and fences
/// every worker report by attempt number. Deciding when a job runs is here; running it is the worker's.
/// </summary>
public sealed partial class JobGrain(
    [PersistentState("job")] IPersistentState<JobGrainState> state,
    IJobIndex index,
    IJobDeadlines deadlines,
    SubmissionPolicy policy,
    JobAdmission admission,
    EffectiveSettingsSource effectiveSettings,
    SecretEnvProtector secrets,
    IJobNotifyStore notifyTargets,
    Random jitter,
    TimeProvider time,
    SchedulerMetrics metrics,
    IOptions<JobOptions> jobOptions,
    IOptions<LeaseOptions> leaseOptions,
    IReplicaAcknowledgements replicas,
    GrainReferences grains,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IJobProtocolGrain, IRemindable
{
    private const string DeadlineReminder = "deadline";
    private readonly JobOptions _options = jobOptions.Value;
    private readonly TimeSpan _lease = leaseOptions.Value.Duration;
    private IGrainTimer? _dueTimer;

    // What this activation knows about the job's reminder: knowing it holds none, ending the job costs no
    // reminder-table read. A new activation does not know, and looks as before.
    private ReminderHold _reminder;

    private JobRecord? Job => state.State.Job;

    public Task<JobRecord> Submit(JobSpec spec, string? idempotencyKey, string? actor = null) => AcceptAsync(spec, idempotencyKey, parent: null, actor);

    public Task<JobRecord> SubmitFor(JobSpec spec, JobParent parent) => AcceptAsync(spec, idempotencyKey: null, parent, actor: null);

    private async Task<JobRecord> AcceptAsync(JobSpec spec, string? idempotencyKey, JobParent? parent, string? actor)
    {
        if (Job is { } existing)
            return existing;

        var now = time.GetUtcNow();
        var errors = JobSpecValidator.Validate(spec, now);
        // The silo's policy is the authority on what a job may ask for, whoever submits it (the API, a schedule, a
        // workflow step); the exception reaches the caller with its field paths.
        if (errors.Count == 0)
            errors = await policy.CheckJobAsync(spec);
        if (errors.Count > 0)
            throw new JobValidationException(errors);
        if (parent is null)
            await admission.CheckAsync(spec.Queue, actor);
        // What the job runs with is settled now, once: later queue or server changes do not alter a submitted job.
        var effective = await effectiveSettings.ResolveAsync(spec);

        // Secret values are encrypted before the first write and leave the record: only ciphertext is stored, and
        // every record this grain hands out (this answer, Get, Cancel, ...) lists their names alone.
        var id = this.GetPrimaryKeyString();
        string? sealedSecretEnv = null;
        string[] secretNames = [];
        if (spec.SecretEnv.Count > 0)
        {
            sealedSecretEnv = secrets.Seal(id, spec.SecretEnv);
            secretNames = [.. spec.SecretEnv.Keys.Order(StringComparer.Ordinal)];
            spec = spec with { SecretEnv = new Dictionary<string, string>() };
        }
        // Notify targets become the job's own subscriptions, stored before the job itself, so the delivering silos know
        // them by the time its first event exists; their secrets are sealed there and leave the record.
        IReadOnlyList<JobNotifyTarget> shownNotify = [];
        if (spec.Notify.Count > 0)
        {
            (var targets, shownNotify) = JobNotifySubscriptions.Create(id, spec, actor, now, secrets);
            await notifyTargets.SetAsync(id, targets);
            spec = spec with { Notify = [.. spec.Notify.Select(n => n with { Secret = null })] };
        }
        var job = JobStateMachine.Create(id, spec, idempotencyKey, now, parent, actor) with
        {
            SecretEnvNames = secretNames,
            Effective = effective,
            // The submit's trace (the API request's, carried here by Orleans' activity propagation), when one is recorded.
            TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } submitted ? submitted.Id : null,
        };
        state.State.Job = job;
        state.State.SealedSecretEnv = sealedSecretEnv;
        // Everything written for this job from here on (state, reminder, index, deadline) is on the replicas before
        // the caller hears back, when Scheduler:Redis:ReplicaAcks asks for it.
        var replicated = replicas.Begin();
        await state.WriteStateAsync();
        metrics.JobSubmitted(job.Spec.Queue);
        using var scope = BeginScope(job);
        LogSubmitted(job.Id, job.State, job.DueAt);

        // What wakes the job (WakeupPlan): a job due within the reminder horizon holds a reminder, so it wakes at its
        // run time even when this activation is gone; one due later holds only a deadline entry at its arm time. A job
        // queued at once holds no reminder: its deadline entry lets any silo's sweep find it within seconds, and
        // registering and unregistering a reminder was a third of the Redis scripts of such a job (BENCHMARKS.md B2).
        // The index and the wake-up (reminder, deadline entry) are independent keys: written side by side, after the state.
        await Task.WhenAll(
            index.RecordAsync(JobSummary.From(job), previousState: null, admission.CountedOwner(job), JobChangeEvents.Of(before: null, job, actor)),
            AfterTransitionAsync(job, previous: null));
        await replicas.ConfirmAsync(replicated);
        // A job due later than a timer would wait (one reminder period) waits in Redis, not in this silo's memory:
        // its reminder activates it again (BENCHMARKS.md B4: silo bytes per pending job).
        if (job.State == JobState.Scheduled && _dueTimer is null)
            DeactivateOnIdle();
        // The answer to this first submission alone shows the secrets generated for notify targets that named none.
        return shownNotify.Count > 0 ? job with { Spec = job.Spec with { Notify = shownNotify } } : job;
    }

    public Task<JobRecord?> Get() => Task.FromResult(Job);

    public async Task<JobRecord?> Cancel(string? actor = null)
    {
        if (Job is not { } job)
            return null;
        var transition = await ApplyAsync(new CancelRequested(actor));
        if (!transition.Accepted)
            return job;

        if (job.State == JobState.Queued)
            await QueueOf(job.Spec).Remove(job.Id);
        if (job.State == JobState.Running && job.CurrentAttempt is { EndedAt: null } attempt)
        {
            try
            {
                await grains.Get<IWorkerProtocolGrain>(attempt.Worker).CancelAttempt(job.Id, attempt.Number);
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansException or TimeoutException)
            {
                // The cancel stands (it is persisted); a container its dead worker left is removed by
                // the other workers' orphan sweep, because its attempt is no longer current.
                LogWorkerUnreachable(e, job.Id, attempt.Number, attempt.Worker);
            }
        }
        return transition.Job;
    }

    public async Task<JobLogs?> GetLogs()
    {
        if (Job is not { } job)
            return null;
        if (state.State.Logs is { } stored && stored.Attempt == job.CurrentAttempt?.Number)
            return stored;
        if (job.State == JobState.Running && job.CurrentAttempt is { ContainerId: not null } attempt)
        {
            var live = await grains.Get<IWorkerProtocolGrain>(attempt.Worker).GetLiveLogs(job.Id, attempt.Number);
            if (live is not null)
                return live;
        }
        return new JobLogs { Attempt = job.CurrentAttempt?.Number ?? 0, Complete = job.State.IsTerminal() };
    }

    public async Task<DispatchTicket?> Claim(string worker)
    {
        if (Job is null)
            return null;
        var transition = await ApplyAsync(new JobClaimed(worker, _lease));
        if (!transition.Accepted)
            return null;
        var job = transition.Job;
        return new DispatchTicket { JobId = job.Id, Attempt = job.CurrentAttempt!.Number, Spec = job.Spec, SealedSecretEnv = state.State.SealedSecretEnv, TraceParent = job.TraceParent, Effective = job.Effective };
    }

    /// <remarks>
    /// The start is kept in this activation, which answers reads, and is persisted with the job's next write: the
    /// lease renewal one heartbeat later, or the result. Nothing waits on it being stored (the worker holds the
    /// container, its labels name the attempt, and the lease decides whether the attempt lives), and storing it at
    /// once was one of a short job's four state writes (BENCHMARKS.md B2). If the activation is lost before then,
    /// the stored attempt lacks only its container id and start time until the result brings them.
    /// </remarks>
    public Task<bool> ReportStarted(int attempt, string containerId, DateTimeOffset startedAt)
    {
        if (Job is not { } job)
            return Task.FromResult(false);
        var transition = JobStateMachine.Apply(job, new ContainerStarted(attempt, containerId, startedAt), time.GetUtcNow());
        if (!transition.Accepted)
        {
            LogRejected(job.Id, nameof(ContainerStarted), transition.Rejection!);
            return Task.FromResult(false);
        }
        state.State.Job = transition.Job;
        if (attempt == 1)
            metrics.QueueWaited(job.Spec.Queue, startedAt - job.CreatedAt);
        return Task.FromResult(true);
    }

    public async Task<bool> Heartbeat(int attempt) =>
        Job is not null && (await ApplyAsync(new LeaseRenewed(attempt, _lease), indexed: false)).Accepted;

    public async Task<bool> Adopt(int attempt, string worker) =>
        Job is not null && (await ApplyAsync(new AttemptAdopted(attempt, worker, _lease), indexed: false)).Accepted;

    public async Task<bool> ReportResult(AttemptResult result)
    {
        if (Job is not { } job)
            return false;
        // The logs ride along with the state write of the transition, so a result costs one write.
        var transition = await ApplyAsync(
            new AttemptEnded(result, await RetryContextForAsync(job, failed: !result.Succeeded)),
            beforeWrite: () => state.State.Logs = result.Logs with { Attempt = result.Attempt, Complete = true });
        return transition.Accepted;
    }

    public async Task<JobRecord?> Requeue(string? actor = null)
    {
        if (Job is not { } job)
            return null;
        // The wake-up plan of a requeue registers the job's reminder again.
        var transition = await ApplyAsync(new RequeueRequested(actor));
        return transition.Job;
    }

    public async Task<bool> DeleteDeadLetter()
    {
        if (Job is not { State: JobState.DeadLettered } job)
            return false;
        await state.ClearStateAsync();
        state.State = new JobGrainState();
        await index.RemoveAsync(JobSummary.From(job), admission.CountedOwner(job));
        await deadlines.ClearAsync(job.Id);
        await this.UnregisterReminderIfAny(DeadlineReminder);
        if (job.Spec.Notify.Count > 0)
            await notifyTargets.RemoveAsync(job.Id);
        LogDeleted(job.Id);
        DeactivateOnIdle();
        return true;
    }

    public async Task<bool> Expire(TimeSpan retention)
    {
        if (Job is not { State: JobState.Succeeded or JobState.Failed or JobState.Cancelled } job || time.GetUtcNow() - job.UpdatedAt < retention)
        {
            // Asked about by the sweep only: nothing to keep in memory for a job that is gone.
            if (Job is null)
                DeactivateOnIdle();
            return false;
        }
        // A finished job holds no reminder and no deadline entry: they went when it ended.
        await state.ClearStateAsync();
        state.State = new JobGrainState();
        await index.RemoveAsync(JobSummary.From(job), admission.CountedOwner(job));
        if (job.Spec.Notify.Count > 0)
            await notifyTargets.RemoveAsync(job.Id);
        LogExpired(job.Id, job.State, retention);
        DeactivateOnIdle();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // A tick proves the job holds its reminder.
        _reminder = ReminderHold.Held;
        return Reconcile();
    }

    public async Task Reconcile()
    {
        // A tick or a sweep poke decides nothing by itself: the persisted state and the clock say what is due.
        if (Job is not { } job)
        {
            await this.UnregisterReminderIfAny(DeadlineReminder);
            return;
        }

        var now = time.GetUtcNow();
        switch (job.State)
        {
            case JobState.Scheduled or JobState.RetryWaiting when now >= job.DueAt:
                await ApplyAsync(new JobBecameDue());
                return;
            case JobState.Running when job.CurrentAttempt?.LeaseExpiresAt <= now:
                await ApplyAsync(new LeaseExpired(await RetryContextForAsync(job, failed: true)));
                return;
        }
        // Nothing was due: re-enqueue a queued job, arm one whose last stretch began, renew the deadline entry.
        await AfterTransitionAsync(job, previous: job.State, WakeupCause.Reconciled);
    }

    private async Task<Transition> ApplyAsync(JobEvent e, bool indexed = true, Action? beforeWrite = null)
    {
        var job = Job ?? throw new InvalidOperationException("The job has not been submitted.");
        var transition = JobStateMachine.Apply(job, e, time.GetUtcNow());
        using var scope = BeginScope(transition.Job);
        if (!transition.Accepted)
        {
            LogRejected(job.Id, e.GetType().Name, transition.Rejection!);
            return transition;
        }

        state.State.Job = transition.Job;
        beforeWrite?.Invoke();
        var replicated = replicas.Begin();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The write may not have happened: forget the in-memory change and reload the truth.
            await state.ReadStateAsync();
            throw;
        }

        var next = transition.Job;
        metrics.JobTransitioned(job.State, next, leaseExpired: e is LeaseExpired);
        if (next.State != job.State)
            LogTransition(job.Id, next.CurrentAttempt?.Number ?? 0, job.State, next.State, next.CurrentAttempt?.FailureReason);
        // The index and the side effects (enqueue, deadline entry) touch independent keys and grains: side by side,
        // after the state write, so a transition costs one Redis round trip less of waiting.
        var indexing = indexed && (next.State != job.State || next.CurrentAttempt != job.CurrentAttempt)
            ? index.RecordAsync(JobSummary.From(next), job.State, admission.CountedOwner(next), JobChangeEvents.Of(job, next, ActorOf(e)))
            : Task.CompletedTask;
        await Task.WhenAll(indexing, AfterTransitionAsync(next, job.State));
        await replicas.ConfirmAsync(replicated);
        if (next.State.IsTerminal() && !job.State.IsTerminal())
            DeactivateAfterLinger();
        return transition;
    }

    /// <summary>Carries out the <see cref="WakeupPlan"/> of a persisted state: enqueue, parent, reminder, deadline entry, due timer.</summary>
    private async Task AfterTransitionAsync(JobRecord job, JobState? previous, WakeupCause? cause = null)
    {
        var plan = WakeupPlan.For(cause ?? (previous is null ? WakeupCause.Submitted : WakeupCause.Transitioned), previous, job, time.GetUtcNow(), _options, _reminder);
        if (plan.Enqueue)
            await EnqueueAsync(job);
        if (plan.NotifyParent && job.Parent is { } parent)
            ParentOf(parent).OnJobEnded(JobOutcome.Of(job, parent, state.State.Logs is { } logs && logs.Attempt == job.CurrentAttempt?.Number ? logs : null)).Ignore();
        if (plan.Reminder == ReminderChange.Register)
        {
            await this.RegisterOrUpdateReminder(DeadlineReminder, plan.ReminderDue, _options.ReminderPeriod);
            metrics.ReminderRegistered("job");
        }
        if (plan.Deadline == DeadlineChange.Set)
            await deadlines.SetAsync(job.Id, plan.DeadlineAt);
        else if (plan.Deadline == DeadlineChange.Clear)
            await deadlines.ClearAsync(job.Id);
        if (plan.Reminder == ReminderChange.Unregister)
            await this.UnregisterReminderIfAny(DeadlineReminder);
        _reminder = plan.HoldsAfter;

        _dueTimer?.Dispose();
        _dueTimer = plan.Timer is { } wait ? this.RegisterGrainTimer(Reconcile, wait, Timeout.InfiniteTimeSpan) : null;
    }

    /// <summary>
    /// A finished job changes no more: it leaves memory (after <see cref="JobOptions.FinishedLinger"/>, by default at
    /// once) rather than waiting for the idle collector, whose default age would hold millions of finished jobs at
    /// 2,000 jobs/s. A later read activates it from storage. Measured with BENCHMARKS.md B6 (50 clients submitting and
    /// reading back): leaving at once served 3,760 requests/s at a submit p99 of 49 ms, a 10 s linger 2,809 at 103 ms,
    /// the timers and the extra activations costing more than the reads they saved.
    /// </summary>
    private void DeactivateAfterLinger()
    {
        if (_options.FinishedLinger <= TimeSpan.Zero)
        {
            DeactivateOnIdle();
            return;
        }
        this.RegisterGrainTimer(() =>
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }, _options.FinishedLinger, Timeout.InfiniteTimeSpan);
    }

    private IJobParentGrain ParentOf(JobParent parent) => parent.Kind switch
    {
        JobParentKind.Schedule => grains.GetAs<IJobParentGrain, IScheduleGrain>(parent.Id),
        JobParentKind.Workflow => grains.GetAs<IJobParentGrain, IWorkflowGrain>(parent.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(parent), parent.Kind, "Unknown parent kind."),
    };

    // The policy resolved at submission; a job stored before that looks its queue's up, only when an attempt failed.
    private async Task<RetryContext> RetryContextForAsync(JobRecord job, bool failed)
    {
        var policy = job.Effective?.Retry ?? (failed ? await effectiveSettings.RetryAtFailureAsync(job.Spec) : RetryPolicy.Defaults);
        return new(policy, jitter.NextDouble());
    }

    private IQueueProtocolGrain QueueOf(JobSpec spec) => grains.Get<IQueueProtocolGrain>(spec.Queue);

    private Task EnqueueAsync(JobRecord job) =>
        QueueOf(job.Spec).Enqueue(new QueueEntry
        {
            JobId = job.Id,
            Priority = job.Spec.Priority,
            ReadyAt = JobReadiness.FirstReadyAt(job),
            ConcurrencyKey = job.Spec.ConcurrencyKey,
            MaxConcurrent = job.Spec.MaxConcurrent ?? 1,
            Image = job.Spec.Image,
        });

    private static string? ActorOf(JobEvent e) => e switch
    {
        CancelRequested cancel => cancel.Actor,
        RequeueRequested requeue => requeue.Actor,
        _ => null,
    };

    private IDisposable? BeginScope(JobRecord job) =>
        logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id, ["Attempt"] = job.CurrentAttempt?.Number ?? 0 });
}
