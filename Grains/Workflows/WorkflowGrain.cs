using JobScheduler.Grains.Events;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Observability;
using JobScheduler.Grains.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Workflows;

/// <summary>
/// The persistent shell around <see cref="WorkflowProgress"/>: it writes each new record before submitting or
/// cancelling the jobs it implies, reacts to <see cref="OnJobEnded"/> at once, and keeps one reminder while anything
/// is left to watch, whose tick re-reads every running step's job. Job ids are derived from the step, so a
/// re-submission after a crash or a lost answer reaches the same job and nothing runs twice.
/// </summary>
public sealed partial class WorkflowGrain(
    [PersistentState("workflow")] IPersistentState<WorkflowGrainState> state,
    TimeProvider time,
    SubmissionPolicy policy,
    EventAppender events,
    IWorkflowIndex index,
    IOptions<JobOptions> jobOptions,
    SchedulerMetrics metrics,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain, IJobParentGrain, IRemindable
{
    private const string WatchReminder = "watch";
    private readonly TimeSpan _reminderPeriod = jobOptions.Value.ReminderPeriod;

    private WorkflowRecord? Workflow => state.State.Workflow;

    public async Task<WorkflowRecord> Start(WorkflowSpec spec, JobParent? parent)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Workflow is { } existing)
            return existing;

        var id = this.GetPrimaryKeyString();
        if (!WorkflowIds.IsWellFormed(id))
            throw new ArgumentException($"'{id}' is not a valid workflow id (at most {WorkflowIds.MaxLength} of [A-Za-z0-9_.:-]).", nameof(spec));
        var now = time.GetUtcNow();
        var errors = WorkflowSpecValidator.Validate(spec, now);
        // Every step is checked against its queue now: a step its queue refuses is a 400 here, not a failed step later.
        if (errors.Count == 0)
            errors = await policy.CheckWorkflowAsync(spec);
        if (errors.Count > 0)
            throw new JobValidationException(errors);

        // The reminder comes first: a crash after the write but before a registration would strand the workflow,
        // while a reminder without a workflow just unregisters itself.
        await this.RegisterOrUpdateReminder(WatchReminder, _reminderPeriod, _reminderPeriod);
        metrics.ReminderRegistered("workflow");
        var created = WorkflowProgress.Create(id, spec, parent, now);
        LogStarted(id, created.Steps.Count, spec.FailurePolicy);
        await CommitAsync(created);
        return Workflow!;
    }

    public Task<WorkflowRecord?> Get() => Task.FromResult(Workflow);

    public async Task<WorkflowRecord?> Cancel()
    {
        if (Workflow is not { } workflow)
            return null;
        if (workflow.State.IsTerminal())
            return workflow;
        await CommitAsync(WorkflowProgress.Cancel(workflow, time.GetUtcNow()));
        // Running steps end as their jobs end: cancelled now, or succeeded/failed if they finished first.
        await WatchRunningStepsAsync();
        return Workflow;
    }

    public async Task OnJobEnded(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (Workflow is { } workflow && WorkflowProgress.EndStep(workflow, outcome, time.GetUtcNow()) is { } next)
            await CommitAsync(next);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Workflow is not { } workflow || WorkflowProgress.IsSettled(workflow))
        {
            await this.UnregisterReminderIfAny(WatchReminder);
            return;
        }
        await WatchRunningStepsAsync();
    }

    /// <summary>
    /// Reads the job of every running step: a finished job ends its step (as <see cref="OnJobEnded"/> would have), a
    /// missing one is submitted again (its submission was lost), and in a cancelled workflow a live one is cancelled.
    /// </summary>
    private async Task WatchRunningStepsAsync()
    {
        var workflow = Workflow!;
        var running = workflow.Steps.Where(s => s.State == WorkflowStepState.Running).ToList();
        var outcomes = await Task.WhenAll(running.Select(s => ObserveAsync(workflow, s)));
        var next = workflow;
        foreach (var outcome in outcomes.OfType<JobOutcome>())
            next = WorkflowProgress.EndStep(next, outcome, time.GetUtcNow()) ?? next;
        if (!ReferenceEquals(next, workflow))
            await CommitAsync(next);
        else if (WorkflowProgress.IsSettled(workflow))
            await this.UnregisterReminderIfAny(WatchReminder);
    }

    private async Task<JobOutcome?> ObserveAsync(WorkflowRecord workflow, WorkflowStepStatus step)
    {
        var parent = ParentOf(step);
        var jobId = JobIdOf(step);
        var grain = GrainFactory.GetGrain<IJobGrain>(jobId);
        try
        {
            var job = workflow.State == WorkflowState.Cancelled ? await grain.Cancel() : await grain.Get();
            if (job is null)
            {
                if (workflow.State == WorkflowState.Cancelled)
                    return new JobOutcome { JobId = jobId, Parent = parent, State = JobState.Cancelled, FailureReason = WorkflowProgress.WorkflowCancelledReason, EndedAt = time.GetUtcNow() };
                LogResubmitting(workflow.Id, step.Name, jobId);
                return await SubmitAsync(workflow, step);
            }
            return job.State.IsTerminal() ? JobOutcome.Of(job, parent, await grain.GetLogs()) : null;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // The step stays running in the record; the next tick looks again.
            LogJobUnreachable(e, workflow.Id, step.Name, JobIdOf(step));
            return null;
        }
    }

    /// <summary>
    /// Persists <paramref name="next"/>, then submits the jobs of the steps it started, notifies the parent when the
    /// workflow ended, and drops the reminder when nothing is left to watch.
    /// </summary>
    private async Task CommitAsync(WorkflowRecord next)
    {
        var before = Workflow;
        await WriteAsync(next);
        LogChanges(before, next);
        await events.AppendAsync(WorkflowChangeEvents.Of(before, next, time.GetUtcNow()));

        var started = WorkflowProgress.Started(before, next);
        if (started.Count > 0)
        {
            var refused = (await Task.WhenAll(started.Select(s => SubmitGuardedAsync(next, s)))).OfType<JobOutcome>().ToList();
            if (refused.Count > 0)
            {
                var failed = refused.Aggregate(Workflow!, (w, o) => WorkflowProgress.EndStep(w, o, time.GetUtcNow()) ?? w);
                await CommitAsync(failed);
                return;
            }
        }

        if (before is { State: WorkflowState.Running } or null && next.State.IsTerminal())
        {
            LogEnded(next.Id, next.State);
            metrics.WorkflowEnded(next.State);
            NotifyParent(next);
        }
        if (WorkflowProgress.IsSettled(next))
            await this.UnregisterReminderIfAny(WatchReminder);
    }

    // A submission that cannot get through now is left to the reminder; one the job grain refuses fails the step.
    private async Task<JobOutcome?> SubmitGuardedAsync(WorkflowRecord workflow, WorkflowStepStatus step)
    {
        try
        {
            return await SubmitAsync(workflow, step);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogJobUnreachable(e, workflow.Id, step.Name, JobIdOf(step));
            return null;
        }
    }

    // Returns an outcome only when the job grain refuses the job: the policy changed after the workflow was checked.
    private async Task<JobOutcome?> SubmitAsync(WorkflowRecord workflow, WorkflowStepStatus step)
    {
        var template = workflow.Spec.Steps.First(s => s.Name == step.Name);
        var dependencies = workflow.Steps.Where(s => step.DependsOn.Contains(s.Name, StringComparer.Ordinal));
        var spec = WorkflowStepJob.Build(workflow.Id, template, dependencies);
        try
        {
            await GrainFactory.GetGrain<IJobProtocolGrain>(JobIdOf(step)).SubmitFor(spec, ParentOf(step));
            return null;
        }
        catch (JobValidationException e)
        {
            // The step's queue or the server changed its policy since the workflow started.
            LogStepRefused(e, workflow.Id, step.Name);
            return new JobOutcome
            {
                JobId = JobIdOf(step),
                Parent = ParentOf(step),
                State = JobState.Failed,
                FailureReason = $"{FailureReasons.ContainerError}: the step's job was refused: {e.Message}",
                EndedAt = time.GetUtcNow(),
            };
        }
    }

    private async Task WriteAsync(WorkflowRecord next)
    {
        state.State.Workflow = next;
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
        // After the write: the listing may lag the record, never show what was not stored. A lost update is repaired
        // by the next change, which records the whole summary again.
        await index.RecordAsync(WorkflowSummary.From(next));
    }

    private void NotifyParent(WorkflowRecord workflow)
    {
        if (workflow.Parent is not { } parent)
            return;
        IJobParentGrain grain = parent.Kind switch
        {
            JobParentKind.Schedule => GrainFactory.GetGrain<IScheduleGrain>(parent.Id).AsReference<IJobParentGrain>(),
            JobParentKind.Workflow => GrainFactory.GetGrain<IWorkflowGrain>(parent.Id).AsReference<IJobParentGrain>(),
            _ => throw new InvalidOperationException($"Unknown parent kind {parent.Kind}."),
        };
        if (WorkflowOutcome.Of(workflow, parent) is not { } outcome)
            return;
        // One-way, like a job telling its workflow: the parent never waits on us, and it re-checks from its own reminder.
        grain.OnJobEnded(outcome).Ignore();
    }

    // A running step always has its job id; deriving it again keeps the compiler and a hand-edited record honest.
    private string JobIdOf(WorkflowStepStatus step) => step.JobId ?? WorkflowIds.StepJobId(this.GetPrimaryKeyString(), step.Name);

    private JobParent ParentOf(WorkflowStepStatus step) =>
        new() { Kind = JobParentKind.Workflow, Id = this.GetPrimaryKeyString(), Step = step.Name };

    private void LogChanges(WorkflowRecord? before, WorkflowRecord after)
    {
        for (var i = 0; i < after.Steps.Count; i++)
        {
            var step = after.Steps[i];
            if (before?.Steps[i].State != step.State)
                LogStep(after.Id, step.Name, step.State, step.JobId, step.FailureReason);
        }
    }
}
