using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Workflows;

/// <summary>
/// The workflow's rules as pure functions of its record: which steps start, which are skipped, when the workflow
/// ends. The workflow grain persists what these return before it submits or cancels any job.
/// </summary>
internal static class WorkflowProgress
{
    /// <summary>Reason given to steps that a <see cref="WorkflowFailurePolicy.FailFast"/> failure skipped.</summary>
    public const string FailFastReason = "fail-fast";

    /// <summary>Reason given to steps skipped because a dependency did not succeed.</summary>
    public const string DependencyFailedReason = "dependency-failed";

    /// <summary>Reason given to steps that a workflow cancel stopped.</summary>
    public const string WorkflowCancelledReason = "workflow-cancelled";

    /// <summary>A new workflow with its root steps running.</summary>
    public static WorkflowRecord Create(string id, WorkflowSpec spec, JobParent? parent, DateTimeOffset now) =>
        Advance(new WorkflowRecord
        {
            Id = id,
            Spec = spec,
            State = WorkflowState.Running,
            CreatedAt = now,
            UpdatedAt = now,
            Parent = parent,
            Steps = [.. spec.Steps.Select(s => new WorkflowStepStatus { Name = s.Name, DependsOn = s.DependsOn, State = WorkflowStepState.Pending })],
        }, now);

    /// <summary>
    /// Records how a running step's job ended and advances the workflow; null when the outcome changes nothing (the step
    /// is unknown, not running, belongs to another job, or the job is not terminal), so repeats are harmless.
    /// </summary>
    public static WorkflowRecord? EndStep(WorkflowRecord workflow, JobOutcome outcome, DateTimeOffset now)
    {
        var index = IndexOf(workflow, outcome.Parent.Step);
        if (index < 0 || !outcome.State.IsTerminal())
            return null;
        var step = workflow.Steps[index];
        if (step.State != WorkflowStepState.Running || step.JobId != outcome.JobId)
            return null;

        var state = outcome.State switch
        {
            JobState.Succeeded => WorkflowStepState.Succeeded,
            JobState.Cancelled when workflow.State == WorkflowState.Cancelled => WorkflowStepState.Cancelled,
            _ => WorkflowStepState.Failed, // Failed, DeadLettered, or a job cancelled on its own while the workflow runs
        };
        var reason = state == WorkflowStepState.Succeeded
            ? null
            : outcome.FailureReason ?? (outcome.State == JobState.Cancelled ? FailureReasons.Cancelled : outcome.State.ToString());
        var ended = step with
        {
            State = state,
            ExitCode = outcome.ExitCode,
            Output = outcome.Output,
            FailureReason = reason,
            EndedAt = outcome.EndedAt,
        };
        var steps = workflow.Steps.ToArray();
        steps[index] = ended;
        return Advance(workflow with { Steps = steps, UpdatedAt = now }, now);
    }

    /// <summary>Cancels a running workflow: pending steps are cancelled; running ones stay running until their jobs end. Unchanged when already terminal.</summary>
    public static WorkflowRecord Cancel(WorkflowRecord workflow, DateTimeOffset now)
    {
        if (workflow.State.IsTerminal())
            return workflow;
        var steps = workflow.Steps
            .Select(s => s.State == WorkflowStepState.Pending
                ? s with { State = WorkflowStepState.Cancelled, FailureReason = WorkflowCancelledReason, EndedAt = now }
                : s)
            .ToArray();
        return workflow with { State = WorkflowState.Cancelled, Steps = steps, UpdatedAt = now, EndedAt = now };
    }

    /// <summary>
    /// Applies the failure policy to pending steps, starts those whose dependencies all succeeded, and ends the
    /// workflow when no step is pending or running. Unchanged when the workflow is terminal.
    /// </summary>
    public static WorkflowRecord Advance(WorkflowRecord workflow, DateTimeOffset now)
    {
        if (workflow.State.IsTerminal())
            return workflow;
        var steps = workflow.Steps.ToArray();
        var indexes = steps.Select((s, i) => (s.Name, i)).ToDictionary(e => e.Name, e => e.i, StringComparer.Ordinal);
        var failFast = workflow.Spec.FailurePolicy == WorkflowFailurePolicy.FailFast;
        var changed = false;
        bool pass;
        do
        {
            pass = false;
            var failed = steps.FirstOrDefault(s => s.State == WorkflowStepState.Failed);
            for (var i = 0; i < steps.Length; i++)
            {
                var step = steps[i];
                if (step.State != WorkflowStepState.Pending)
                    continue;
                var blocker = step.DependsOn.Select(d => steps[indexes[d]]).FirstOrDefault(d => d.State is WorkflowStepState.Failed or WorkflowStepState.Skipped or WorkflowStepState.Cancelled);
                if (failFast && failed is not null)
                    steps[i] = step with { State = WorkflowStepState.Skipped, FailureReason = $"{FailFastReason}: step '{failed.Name}' failed", EndedAt = now };
                else if (blocker is not null)
                    steps[i] = step with { State = WorkflowStepState.Skipped, FailureReason = $"{DependencyFailedReason}: step '{blocker.Name}' did not succeed", EndedAt = now };
                else if (step.DependsOn.All(d => steps[indexes[d]].State == WorkflowStepState.Succeeded))
                    steps[i] = step with { State = WorkflowStepState.Running, JobId = WorkflowIds.StepJobId(workflow.Id, step.Name), StartedAt = now };
                else
                    continue;
                // A skip can make a later step in spec order skippable, so go round until nothing moves.
                pass |= steps[i].State == WorkflowStepState.Skipped;
                changed = true;
            }
        }
        while (pass);

        var next = changed ? workflow with { Steps = steps, UpdatedAt = now } : workflow;
        if (steps.Any(s => s.State is WorkflowStepState.Pending or WorkflowStepState.Running))
            return next;
        var outcome = steps.Any(s => s.State == WorkflowStepState.Failed) ? WorkflowState.Failed : WorkflowState.Succeeded;
        return next with { State = outcome, UpdatedAt = now, EndedAt = now };
    }

    /// <summary>True when the workflow is terminal and none of its steps' jobs is still running: nothing is left to watch.</summary>
    public static bool IsSettled(WorkflowRecord workflow) =>
        workflow.State.IsTerminal() && workflow.Steps.All(s => s.State != WorkflowStepState.Running);

    /// <summary>The steps running in <paramref name="after"/> that were not running in <paramref name="before"/>: their jobs are to be submitted.</summary>
    public static IReadOnlyList<WorkflowStepStatus> Started(WorkflowRecord? before, WorkflowRecord after) =>
        [.. after.Steps.Where((s, i) => s.State == WorkflowStepState.Running && before?.Steps[i].State != WorkflowStepState.Running)];

    private static int IndexOf(WorkflowRecord workflow, string? step)
    {
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            if (workflow.Steps[i].Name == step)
                return i;
        }
        return -1;
    }
}
