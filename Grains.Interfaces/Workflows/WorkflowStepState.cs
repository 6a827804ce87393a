namespace JobScheduler.Grains.Interfaces;

/// <summary>Where one workflow step is. Values are persisted by name; add new ones at the end.</summary>
public enum WorkflowStepState
{
    /// <summary>Waiting for its dependencies to succeed; it has no job yet.</summary>
    Pending = 0,

    /// <summary>Its job was submitted and has not ended yet (it may be queued, running or waiting for a retry).</summary>
    Running = 1,

    /// <summary>Final: its job succeeded.</summary>
    Succeeded = 2,

    /// <summary>Final: its job ended <c>Failed</c>, <c>DeadLettered</c> or <c>Cancelled</c> (after its own retries).</summary>
    Failed = 3,

    /// <summary>Final: it never ran because a step failed (the workflow's <see cref="WorkflowFailurePolicy"/> decides which).</summary>
    Skipped = 4,

    /// <summary>Final: the workflow was cancelled before the step finished.</summary>
    Cancelled = 5,
}
