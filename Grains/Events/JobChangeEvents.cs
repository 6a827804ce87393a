using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Events;

/// <summary>What the event stream says about a job's transition: a pure projection of the record before and after.</summary>
public static class JobChangeEvents
{
    /// <summary>
    /// The event of <paramref name="after"/>'s state change from <paramref name="before"/> (none: the submission), caused
    /// by <paramref name="actor"/> when a user caused it; null when the state did not change.
    /// </summary>
    public static SchedulerEvent? Of(JobRecord? before, JobRecord after, string? actor)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is not null && before.State == after.State)
            return null;
        var attempt = after.CurrentAttempt;
        // A reason and an exit code belong to the attempt that just ended, not to a new claim or a requeue.
        var attemptEnded = attempt is { EndedAt: not null } && after.State != JobState.Running && after.State != JobState.Queued;
        var parent = after.Parent;
        return new SchedulerEvent
        {
            Kind = SchedulerEventKind.Job,
            At = after.UpdatedAt,
            JobId = after.Id,
            Attempt = attempt?.Number ?? 0,
            From = before?.State,
            To = after.State,
            Reason = attemptEnded ? attempt!.FailureReason : null,
            ExitCode = attemptEnded ? attempt!.ExitCode : null,
            Queue = after.Spec.Queue,
            Labels = after.Spec.Labels.Count == 0 ? null : after.Spec.Labels,
            Actor = actor ?? (before is null ? after.SubmittedBy : null),
            Worker = after.State == JobState.Running || before?.State == JobState.Running ? attempt?.Worker : null,
            WorkflowId = parent?.Kind == JobParentKind.Workflow ? parent.Id : null,
            Step = parent?.Step,
            ScheduleId = parent?.Kind == JobParentKind.Schedule ? parent.Id : null,
        };
    }
}
