namespace JobScheduler.Grains.Interfaces;

/// <summary>What a workflow does when one of its steps fails. Values are persisted by name; add new ones at the end.</summary>
public enum WorkflowFailurePolicy
{
    /// <summary>
    /// Like Argo's <c>failFast</c>: no new step starts, every pending step becomes <see cref="WorkflowStepState.Skipped"/>,
    /// steps already running finish, and the workflow ends <see cref="WorkflowState.Failed"/> once nothing runs.
    /// </summary>
    FailFast = 0,

    /// <summary>
    /// Only the failed step's transitive dependants become <see cref="WorkflowStepState.Skipped"/>; independent branches
    /// run to their end. The workflow ends <see cref="WorkflowState.Failed"/> if any step failed.
    /// </summary>
    Continue = 1,
}
