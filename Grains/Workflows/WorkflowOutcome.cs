using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Workflows;

/// <summary>A finished workflow told to its parent (a cron schedule) in the shape a finished job is.</summary>
public static class WorkflowOutcome
{
    /// <summary>The outcome of <paramref name="workflow"/>; null while it still runs.</summary>
    public static JobOutcome? Of(WorkflowRecord workflow, JobParent parent)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (!workflow.State.IsTerminal())
            return null;
        return new JobOutcome
        {
            JobId = workflow.Id,
            Parent = parent,
            State = workflow.State switch
            {
                WorkflowState.Succeeded => JobState.Succeeded,
                WorkflowState.Cancelled => JobState.Cancelled,
                _ => JobState.Failed,
            },
            FailureReason = workflow.Steps.FirstOrDefault(s => s.State == WorkflowStepState.Failed) is { } failed
                ? $"step '{failed.Name}' failed: {failed.FailureReason}"
                : null,
            EndedAt = workflow.EndedAt ?? workflow.UpdatedAt,
        };
    }
}
