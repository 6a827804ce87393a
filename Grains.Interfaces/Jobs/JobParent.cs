namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The schedule or workflow that created a job. The job grain tells its parent once the job reaches a
/// terminal state (<c>IJobParentGrain.OnJobEnded</c>); the parent also checks its jobs from its
/// own reminder, so a lost notification only delays it.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.JobParent")]
public sealed record JobParent
{
    /// <summary>Whether the parent is a schedule or a workflow.</summary>
    [Id(0)] public required JobParentKind Kind { get; init; }

    /// <summary>The schedule's or workflow's id (its grain key).</summary>
    [Id(1)] public required string Id { get; init; }

    /// <summary>The workflow step the job runs; null for schedules.</summary>
    [Id(2)] public string? Step { get; init; }
}

/// <summary>What kind of grain created a job. Values are persisted by name; add new ones at the end.</summary>
public enum JobParentKind
{
    /// <summary>A cron schedule (<see cref="IScheduleGrain"/>).</summary>
    Schedule = 0,

    /// <summary>A DAG workflow (<see cref="IWorkflowGrain"/>).</summary>
    Workflow = 1,
}
