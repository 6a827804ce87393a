using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Schedules;

namespace JobScheduler.Grains.Events;

/// <summary>What the event stream says about a schedule: a pure projection of its decisions.</summary>
public static class ScheduleEvents
{
    /// <summary>
    /// <paramref name="schedule"/> fired <paramref name="planned"/> (its job, or its workflow, was submitted); the reason is
    /// the run's kind (<c>Scheduled</c>, <c>CatchUp</c>, <c>Manual</c>).
    /// </summary>
    public static SchedulerEvent Fired(ScheduleRecord schedule, PlannedJob planned, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(planned);
        var workflow = schedule.Spec.Workflow is not null;
        return new SchedulerEvent
        {
            Kind = SchedulerEventKind.Schedule,
            At = now,
            ScheduleId = schedule.Id,
            JobId = workflow ? null : planned.JobId,
            WorkflowId = workflow ? planned.JobId : null,
            Queue = schedule.Spec.Job?.Queue,
            Reason = planned.Kind.ToString(),
        };
    }
}
