using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Events;

/// <summary>What the event stream says about a workflow's change: a pure projection of the record before and after.</summary>
public static class WorkflowChangeEvents
{
    /// <summary>
    /// One event per step whose state changed from <paramref name="before"/> (none: the workflow just started, and every
    /// step that is not pending is new) to <paramref name="after"/>, in the spec's step order, then one for the workflow
    /// itself when its state changed or it started.
    /// </summary>
    public static IReadOnlyList<SchedulerEvent> Of(WorkflowRecord? before, WorkflowRecord after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(after);
        var events = new List<SchedulerEvent>();
        foreach (var step in after.Steps)
        {
            var was = before?.Steps.FirstOrDefault(s => s.Name == step.Name)?.State;
            if (was == step.State || (was is null && step.State == WorkflowStepState.Pending))
                continue;
            events.Add(Event(after, now) with
            {
                Step = step.Name,
                StepState = step.State,
                JobId = step.JobId,
                Queue = after.Spec.Steps.FirstOrDefault(s => s.Name == step.Name)?.Job.Queue,
                Reason = step.FailureReason,
                ExitCode = step.ExitCode,
            });
        }
        if (before is null || before.State != after.State)
            events.Add(Event(after, now));
        return events;
    }

    private static SchedulerEvent Event(WorkflowRecord workflow, DateTimeOffset now) => new()
    {
        Kind = SchedulerEventKind.Workflow,
        At = now,
        WorkflowId = workflow.Id,
        WorkflowState = workflow.State,
        ScheduleId = workflow.Parent?.Kind == JobParentKind.Schedule ? workflow.Parent.Id : null,
    };
}
