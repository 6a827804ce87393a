using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Observability;
using JobScheduler.Grains.Policy;
using JobScheduler.Grains.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// The persistent shell around <see cref="ScheduleBook"/>: it persists each decision before submitting the jobs it
/// decided on, fires occurrences from a grain timer to the millisecond while active, and keeps one reminder as the
/// durable net that reactivates it (and checks on its jobs) when the activation is gone.
/// </summary>
public sealed partial class ScheduleGrain(
    [PersistentState("schedule")] IPersistentState<ScheduleGrainState> state,
    TimeProvider time,
    SubmissionPolicy policy,
    EventAppender events,
    IOptions<ScheduleOptions> options,
    SchedulerMetrics metrics,
    GrainReferences grains,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IScheduleProtocolGrain, IJobParentGrain, IRemindable
{
    private const string TickReminder = "tick";

    // Occurrences nearer than this fire from a timer that keeps the activation alive; farther ones from the reminder,
    // registered due at the occurrence itself.
    private static readonly TimeSpan TimerHorizon = TimeSpan.FromMinutes(2);

    private readonly ScheduleOptions _options = options.Value;
    private IGrainTimer? _timer;
    private CronSchedule? _cron;
    private ScheduleSpec? _cronSpec;
    private bool _reminderKnown;
    private DateTimeOffset? _reminderFirstTick;

    private ScheduleRecord? Schedule => state.State.Schedule;

    private IScheduleCatalogProtocolGrain Catalog => GrainFactory.GetGrain<IScheduleCatalogProtocolGrain>(0);

    public Task<ScheduleWriteResult> Create(ScheduleSpec spec) => Create(spec, actor: null, quota: null);

    public async Task<ScheduleWriteResult> Create(ScheduleSpec spec, string? actor, ScheduleQuota? quota)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Schedule is { } existing)
            return new ScheduleWriteResult { Schedule = existing };

        var now = time.GetUtcNow();
        var errors = await ValidateForAsync(spec, now);
        if (errors.Count > 0)
            return new ScheduleWriteResult { Errors = errors };

        var cron = CronFor(spec);
        var schedule = new ScheduleRecord
        {
            Id = this.GetPrimaryKeyString(),
            Spec = spec,
            CreatedAt = now,
            UpdatedAt = now,
            NextOccurrence = cron.Next(now),
            CreatedBy = actor,
        };
        // Listed before it is stored, and the catalog's quota check and add are one turn: a refusal stores nothing,
        // and two creates racing for an owner's last place cannot both pass.
        var max = quota?.MaxSchedules ?? 0;
        if (!await Catalog.TryAdd(EntryFor(schedule), max))
        {
            LogQuotaReached(schedule.Id, actor ?? "", max);
            throw new AdmissionRejectedException(
                ScheduleQuota.Limit,
                $"This principal already holds {max} schedules, the most it may create ({ScheduleQuota.Limit}); delete one first.",
                quota!.RetryAfter);
        }

        state.State = new ScheduleGrainState { Schedule = schedule };
        try
        {
            await WriteAsync();
        }
        catch (Exception) when (Schedule is null)
        {
            // Not stored (WriteAsync reloaded the truth): unlist it so it counts against nobody's quota. When the
            // outcome is unknown the id stays listed; a wake-up of a schedule that does not exist unlists it.
            await Catalog.Remove(schedule.Id);
            throw;
        }

        LogCreated(schedule.Id, spec.Cron, spec.TimeZone, schedule.NextOccurrence);
        await ArmAsync();
        return new ScheduleWriteResult { Schedule = schedule };
    }

    public async Task<ScheduleWriteResult?> Update(ScheduleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Schedule is null)
            return null;
        var now = time.GetUtcNow();
        var errors = await ValidateForAsync(spec, now);
        if (errors.Count > 0)
            return new ScheduleWriteResult { Errors = errors };

        // While the queues change, the catalog holds both the old and the new ones: a tenant's listing then shows the
        // schedule only to a tenant of both, so a failure between the two writes never shows it to a stranger.
        var before = EntryFor(Schedule);
        var after = EntryFor(Schedule with { Spec = spec });
        var queuesChange = !before.Queues.SequenceEqual(after.Queues, StringComparer.Ordinal);
        if (queuesChange)
            await Catalog.Describe(before with { Queues = Sorted(before.Queues.Concat(after.Queues)) });

        var book = new ScheduleBook(state.State);
        book.Replace(spec, CronFor(spec), now);
        await CommitAsync(book);
        if (queuesChange)
            await Catalog.Describe(after);
        return new ScheduleWriteResult { Schedule = Schedule };
    }

    public Task<ScheduleRecord?> Get(int nextOccurrences)
    {
        if (Schedule is not { } schedule)
            return Task.FromResult<ScheduleRecord?>(null);
        var count = Math.Clamp(nextOccurrences, 0, 100);
        var next = schedule.Paused || count == 0 ? [] : CronFor(schedule.Spec).NextOccurrences(time.GetUtcNow(), count);
        return Task.FromResult<ScheduleRecord?>(schedule with { NextOccurrences = next });
    }

    public async Task<bool> Delete()
    {
        if (Schedule is not { } schedule)
            return false;
        await state.ClearStateAsync();
        state.State = new ScheduleGrainState();
        _timer?.Dispose();
        _timer = null;
        await this.UnregisterReminderIfAny(TickReminder);
        await Catalog.Remove(schedule.Id);
        LogDeleted(schedule.Id);
        DeactivateOnIdle();
        return true;
    }

    public Task<ScheduleRecord?> Pause() => ChangeAsync(book => book.Pause(time.GetUtcNow()));

    public Task<ScheduleRecord?> Resume() => ChangeAsync(book => book.Resume(CronFor(book.Record.Spec), time.GetUtcNow()));

    public async Task<ScheduleTriggered?> Trigger(DateTimeOffset occurrence)
    {
        if (Schedule is null)
            return null;
        var book = new ScheduleBook(state.State);
        var id = book.Trigger(occurrence, time.GetUtcNow());
        var submissions = await CommitAsync(book);
        // A refused run keeps no id (no job exists under it): it is the newest manual run of this occurrence.
        if (submissions.Refused.TryGetValue(id, out var refused))
            return new ScheduleTriggered { Run = Schedule.Runs.First(r => r.Occurrence == occurrence && r.Kind == ScheduleRunKind.Manual), Refused = refused };
        var run = Schedule.Runs.First(r => ScheduleBook.StartedId(r) == id);
        var triggered = run.WorkflowId is not null
            ? new ScheduleTriggered { Run = run, Workflow = await GrainFactory.GetGrain<IWorkflowGrain>(id).Get() }
            : new ScheduleTriggered { Run = run, Job = submissions.Started.TryGetValue(id, out var job) ? job : await GrainFactory.GetGrain<IJobGrain>(id).Get() };
        // Persisted but not started (the submission failed): the next reconcile starts it; the caller may retry.
        return triggered.Job is null && triggered.Workflow is null
            ? throw new TimeoutException($"Run {id} of schedule {run.Occurrence:O} is recorded but could not be started yet.")
            : triggered;
    }

    public async Task Wake()
    {
        await ReconcileAsync(checkEveryJob: true);
        // Wake-ups come from the catalog at silo start: they also mend it, describing a schedule an older catalog
        // listed without owner and queues, and unlisting an id whose create never stored anything.
        if (Schedule is { } schedule)
            await Catalog.Describe(EntryFor(schedule));
        else
            await Catalog.Remove(this.GetPrimaryKeyString());
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => ReconcileAsync(checkEveryJob: true);

    public async Task OnJobEnded(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (Schedule is null)
            return;
        var book = new ScheduleBook(state.State);
        book.JobEnded(outcome.JobId, outcome.State, outcome.EndedAt, outcome.ExitCode, outcome.FailureReason, time.GetUtcNow());
        await CommitAsync(book);
    }

    /// <summary>
    /// Decides from the persisted state and the clock, as every tick, timer and wake-up does: learns which running jobs
    /// ended (a lost <see cref="OnJobEnded"/> only delays this), resubmits a job whose submission was lost, and acts on
    /// every due occurrence. A repeated call changes nothing: acted-on occurrences are behind the persisted cursor.
    /// </summary>
    private async Task ReconcileAsync(bool checkEveryJob)
    {
        if (Schedule is not { } schedule)
        {
            await this.UnregisterReminderIfAny(TickReminder);
            return;
        }

        var book = new ScheduleBook(state.State);
        // Overlap decisions need to know whether the previous run still goes; under Allow only the reminder bothers.
        if (checkEveryJob || schedule.Spec.Overlap != OverlapPolicy.Allow)
            await CheckActiveJobsAsync(book);
        book.ActOnDue(CronFor(schedule.Spec), time.GetUtcNow(), _options.MisfireGrace);
        await CommitAsync(book);
        metrics.ScheduleMisfired(book.Missed);
    }

    private async Task CheckActiveJobsAsync(ScheduleBook book)
    {
        // Awaiting Get is safe: jobs and workflows tell their parent one-way and never wait on it, so no call cycle.
        foreach (var id in book.Active.ToList())
        {
            if (book.StartsWorkflow(id))
                await CheckWorkflowAsync(book, id);
            else
                await CheckJobAsync(book, id);
        }
    }

    private async Task CheckJobAsync(ScheduleBook book, string jobId)
    {
        var job = await grains.Get<IJobGrain>(jobId).Get();
        if (job is null)
            book.Resubmit(jobId);
        else if (job.State.IsTerminal())
            book.JobEnded(job.Id, job.State, job.UpdatedAt, job.CurrentAttempt?.ExitCode, job.CurrentAttempt?.FailureReason, time.GetUtcNow());
    }

    private async Task CheckWorkflowAsync(ScheduleBook book, string workflowId)
    {
        var workflow = await GrainFactory.GetGrain<IWorkflowGrain>(workflowId).Get();
        if (workflow is null)
            book.Resubmit(workflowId);
        else if (WorkflowOutcome.Of(workflow, new JobParent { Kind = JobParentKind.Schedule, Id = this.GetPrimaryKeyString() }) is { } ended)
            book.JobEnded(ended.JobId, ended.State, ended.EndedAt, ended.ExitCode, ended.FailureReason, time.GetUtcNow());
    }

    private async Task<ScheduleRecord?> ChangeAsync(Action<ScheduleBook> change)
    {
        if (Schedule is null)
            return null;
        var book = new ScheduleBook(state.State);
        change(book);
        await CommitAsync(book);
        return Schedule;
    }

    /// <summary>
    /// Persists the decisions, then submits the jobs they started, records the runs the server or their queue refused
    /// as failed (so they never block the next occurrence), then re-arms the timer and reminder.
    /// </summary>
    private async Task<Submissions> CommitAsync(ScheduleBook book)
    {
        if (book.Changed)
        {
            state.State = book.State;
            await WriteAsync();
        }

        var submitted = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        var refused = new Dictionary<string, IReadOnlyDictionary<string, string[]>>(StringComparer.Ordinal);
        var schedule = book.Record;
        var parent = new JobParent { Kind = JobParentKind.Schedule, Id = schedule.Id };
        var fired = new List<SchedulerEvent>(book.Planned.Count);
        foreach (var planned in book.Planned)
        {
            try
            {
                if (schedule.Spec.Workflow is { } workflow)
                    await GrainFactory.GetGrain<IWorkflowGrain>(planned.JobId).Start(workflow, parent);
                else
                    submitted[planned.JobId] = await grains.Get<IJobProtocolGrain>(planned.JobId).SubmitFor(schedule.Spec.Job!, parent);
                LogFired(schedule.Id, planned.Occurrence, planned.Kind, planned.JobId);
                fired.Add(ScheduleEvents.Fired(schedule, planned, time.GetUtcNow()));
                metrics.ScheduleFired(planned.Kind);
            }
            catch (JobValidationException e)
            {
                // Retrying would fail the same way: the template is refused as it stands (its queue's policy changed).
                refused[planned.JobId] = TemplatePaths(schedule.Spec, e.Errors);
                LogRunRefused(schedule.Id, planned.JobId, e.Message);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The run is persisted with its job id: the next reconcile finds no such job and submits it again.
                LogSubmitFailed(e, schedule.Id, planned.JobId);
            }
        }

        await events.AppendAsync(fired);
        if (refused.Count > 0)
        {
            var after = new ScheduleBook(state.State);
            foreach (var (id, errors) in refused)
                after.NotStarted(id, string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), time.GetUtcNow());
            // A queued occurrence released by these ends is submitted (or refused) in turn.
            var next = await CommitAsync(after);
            return new Submissions(
                submitted.Concat(next.Started).ToDictionary(StringComparer.Ordinal),
                refused.Concat(next.Refused).ToDictionary(StringComparer.Ordinal));
        }
        await ArmAsync();
        return new Submissions(submitted, refused);
    }

    // A job's errors are keyed by its own fields (network), a workflow's by its steps (steps[0].job.network): both are
    // named here as the schedule's template spells them (job.network, workflow.steps[0].job.network).
    private static IReadOnlyDictionary<string, string[]> TemplatePaths(ScheduleSpec spec, IReadOnlyDictionary<string, string[]> errors)
    {
        var prefix = spec.Workflow is not null ? "workflow." : "job.";
        return errors.ToDictionary(e => prefix + e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private async Task WriteAsync()
    {
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
    }

    /// <summary>A timer for a near occurrence (keeping the activation alive); the reminder as the durable net.</summary>
    private async Task ArmAsync()
    {
        var now = time.GetUtcNow();
        var schedule = Schedule;
        var next = schedule is { Paused: false } ? schedule.NextOccurrence : null;

        _timer?.Dispose();
        _timer = null;
        if (next is { } n && n - now <= TimerHorizon)
        {
            var wait = n - now;
            _timer = this.RegisterGrainTimer(_ => ReconcileAsync(checkEveryJob: false), new GrainTimerCreationOptions
            {
                DueTime = wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
                Period = Timeout.InfiniteTimeSpan,
                KeepAlive = true,
            });
        }

        var period = _options.ReminderPeriod;
        var busy = state.State.ActiveJobs.Count > 0 || schedule?.QueuedOccurrence is not null;
        if (schedule is null || (next is null && !busy))
        {
            if (!_reminderKnown || _reminderFirstTick is not null)
                await this.UnregisterReminderIfAny(TickReminder);
            (_reminderKnown, _reminderFirstTick) = (true, null);
        }
        else if (next is { } far && far - now > period && !busy)
        {
            // A distant occurrence: the reminder itself is due then, so a deactivated schedule wakes on time.
            if (!_reminderKnown || _reminderFirstTick != far)
                await this.RegisterOrUpdateReminder(TickReminder, far - now, period);
                metrics.ReminderRegistered("schedule");
            (_reminderKnown, _reminderFirstTick) = (true, far);
        }
        else if (!_reminderKnown || _reminderFirstTick is null || _reminderFirstTick > now + period)
        {
            // The net: a tick every period, re-registered only when none is known to come within one period.
            await this.RegisterOrUpdateReminder(TickReminder, period, period);
            metrics.ReminderRegistered("schedule");
            (_reminderKnown, _reminderFirstTick) = (true, now + period);
        }
    }

    // The spec's own rules, what the server and the template's queues allow (so a template they refuse is never
    // stored), and one rule that depends on this schedule's id: a workflow's id (the occurrence's id) has a shorter
    // limit than a job's.
    private async Task<IReadOnlyDictionary<string, string[]>> ValidateForAsync(ScheduleSpec spec, DateTimeOffset now)
    {
        var errors = ScheduleSpecValidator.Validate(spec, now);
        if (errors.Count == 0)
            errors = await policy.CheckScheduleAsync(spec, CronFor(spec), now);
        if (spec.Workflow is null || WorkflowIds.IsWellFormed(ScheduleIds.JobIdFor(this.GetPrimaryKeyString(), now)))
            return errors;
        var longest = WorkflowIds.MaxLength - ScheduleIds.JobIdFor("", now).Length;
        string[] tooLong = [$"A schedule with a workflow template needs an id of at most {longest} characters (its workflows' ids add the occurrence)."];
        return new Dictionary<string, string[]>(errors, StringComparer.Ordinal)
        {
            ["workflow"] = [.. errors.GetValueOrDefault("workflow") ?? [], .. tooLong],
        };
    }

    // Parsed once per spec (specs are immutable), not on every tick.
    private CronSchedule CronFor(ScheduleSpec spec)
    {
        if (_cron is null || !ReferenceEquals(_cronSpec, spec))
            (_cron, _cronSpec) = (CronSchedule.Parse(spec.Cron, spec.TimeZone), spec);
        return _cron;
    }

    /// <summary>What the catalog keeps of <paramref name="schedule"/>: its creator and the queues its template uses.</summary>
    private static ScheduleCatalogEntry EntryFor(ScheduleRecord schedule)
    {
        var spec = schedule.Spec;
        IEnumerable<string> queues = spec.Workflow is { } workflow ? workflow.Steps.Select(s => s.Job.Queue) : spec.Job is { } job ? [job.Queue] : [];
        return new ScheduleCatalogEntry { Id = schedule.Id, Owner = schedule.CreatedBy, Queues = Sorted(queues) };
    }

    private static string[] Sorted(IEnumerable<string> queues) => [.. queues.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>What a commit did with the runs it planned: the jobs it started, and the runs refused with their problems.</summary>
    private sealed record Submissions(
        Dictionary<string, JobRecord> Started,
        Dictionary<string, IReadOnlyDictionary<string, string[]>> Refused);
}
