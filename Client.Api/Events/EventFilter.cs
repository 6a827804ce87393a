using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Events;

/// <summary>Which events a stream client gets: every given filter must match (AND), and a tenant sees only its queues.</summary>
/// <param name="JobId">Only this job's events (and schedule or workflow events naming it).</param>
/// <param name="Queue">Only events of this queue.</param>
/// <param name="WorkflowId">Only this workflow's events and its steps' jobs' events.</param>
/// <param name="ScheduleId">Only this schedule's events and the events of the jobs and workflows it fired.</param>
/// <param name="State">Only job events into this state.</param>
/// <param name="Principal">Who reads: a principal limited to queues sees only events of those queues.</param>
public sealed record EventFilter(string? JobId, string? Queue, string? WorkflowId, string? ScheduleId, JobState? State, SchedulerPrincipal? Principal)
{
    /// <summary>Whether <paramref name="e"/> passes the filter.</summary>
    public bool Matches(SchedulerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (Principal is { IsTenant: true } tenant && (e.Queue is null || !tenant.MayUse(e.Queue)))
            return false;
        return (JobId is null || string.Equals(e.JobId, JobId, StringComparison.Ordinal))
            && (Queue is null || string.Equals(e.Queue, Queue, StringComparison.Ordinal))
            && (WorkflowId is null || string.Equals(e.WorkflowId, WorkflowId, StringComparison.Ordinal))
            && (ScheduleId is null || string.Equals(e.ScheduleId, ScheduleId, StringComparison.Ordinal))
            && (State is null || e.To == State);
    }
}
