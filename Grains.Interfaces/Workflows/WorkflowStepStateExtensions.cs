namespace JobScheduler.Grains.Interfaces;

/// <summary>Classifies <see cref="WorkflowStepState"/> and <see cref="WorkflowState"/> values.</summary>
public static class WorkflowStepStateExtensions
{
    /// <summary>True for the states a step never leaves: succeeded, failed, skipped, cancelled.</summary>
    public static bool IsFinal(this WorkflowStepState state) =>
        state is not (WorkflowStepState.Pending or WorkflowStepState.Running);

    /// <summary>True for the states a workflow never leaves: succeeded, failed, cancelled.</summary>
    public static bool IsTerminal(this WorkflowState state) => state != WorkflowState.Running;
}
