using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// Which queues a job, schedule or workflow uses, and so whether a tenant (a principal limited to queues) may see it:
/// only when every queue it uses is one of the tenant's.
/// </summary>
public static class TenantQueues
{
    /// <summary>The queues of a workflow's steps.</summary>
    public static IEnumerable<string> Of(WorkflowSpec spec) => spec.Steps.Select(step => step.Job.Queue);

    /// <summary>The queues a schedule's template runs in (its job's, or its workflow's steps').</summary>
    public static IEnumerable<string> Of(ScheduleSpec spec) =>
        spec.Workflow is { } workflow ? Of(workflow) : spec.Job is { } job ? [job.Queue] : [];

    /// <summary>Whether the principal may see and act on the job.</summary>
    public static bool MaySee(this SchedulerPrincipal principal, JobRecord job) => principal.MayUse(job.Spec.Queue);

    /// <summary>Whether the principal may see and act on the workflow.</summary>
    public static bool MaySee(this SchedulerPrincipal principal, WorkflowRecord workflow) => principal.MayUseAll(Of(workflow.Spec));

    /// <summary>Whether the principal may see and act on the schedule.</summary>
    public static bool MaySee(this SchedulerPrincipal principal, ScheduleRecord schedule) => principal.MayUseAll(Of(schedule.Spec));

    /// <summary>The first queue of <paramref name="queues"/> the principal may not use, or null when it may use them all.</summary>
    public static string? FirstForbidden(this SchedulerPrincipal principal, IEnumerable<string> queues) =>
        principal.Queues is null ? null : queues.FirstOrDefault(q => !principal.MayUse(q));
}
