namespace JobScheduler.Grains.Interfaces;

/// <summary>What a manual trigger started: the run it recorded, and the job or the workflow (per the schedule's template).</summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleTriggered")]
public sealed record ScheduleTriggered
{
    /// <summary>The run in the schedule's history.</summary>
    [Id(0)] public required ScheduleRun Run { get; init; }

    /// <summary>The job started, for a schedule with a job template.</summary>
    [Id(1)] public JobRecord? Job { get; init; }

    /// <summary>The workflow started, for a schedule with a workflow template.</summary>
    [Id(2)] public WorkflowRecord? Workflow { get; init; }
}
