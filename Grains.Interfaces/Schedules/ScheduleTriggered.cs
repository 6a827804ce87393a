namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// What a manual trigger started: the run it recorded, and the job or the workflow (per the schedule's template), or why
/// the run could not start.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleTriggered")]
public sealed record ScheduleTriggered
{
    /// <summary>The run in the schedule's history.</summary>
    [Id(0)] public required ScheduleRun Run { get; init; }

    /// <summary>The job started, for a schedule with a job template.</summary>
    [Id(1)] public JobRecord? Job { get; init; }

    /// <summary>The workflow started, for a schedule with a workflow template.</summary>
    [Id(2)] public WorkflowRecord? Workflow { get; init; }

    /// <summary>
    /// Why the run could not start, keyed by the template's field path (<c>job.network</c>): the server or the queue
    /// refuses the template now (its policy changed after the schedule was written). The run is recorded as failed
    /// and does not hold back the schedule's next occurrences. Null when the run started.
    /// </summary>
    [Id(3)] public IReadOnlyDictionary<string, string[]>? Refused { get; init; }
}
