namespace JobScheduler.Grains.Interfaces;

/// <summary>What a <see cref="SchedulerEvent"/> is about. Values are persisted by name; add new ones at the end.</summary>
public enum SchedulerEventKind
{
    /// <summary>A job changed state.</summary>
    Job = 0,

    /// <summary>A schedule fired an occurrence (or skipped one).</summary>
    Schedule = 1,

    /// <summary>A workflow step, or the workflow, changed state.</summary>
    Workflow = 2,
}
