namespace JobScheduler.Grains.Interfaces;

/// <summary>Where a workflow is in its life. Values are persisted by name; add new ones at the end.</summary>
public enum WorkflowState
{
    /// <summary>Steps are running or waiting for their dependencies.</summary>
    Running = 0,

    /// <summary>Terminal: every step succeeded.</summary>
    Succeeded = 1,

    /// <summary>Terminal: at least one step failed; nothing runs any more.</summary>
    Failed = 2,

    /// <summary>Terminal: cancelled by a user; pending steps never run, running steps' jobs were cancelled.</summary>
    Cancelled = 3,
}
