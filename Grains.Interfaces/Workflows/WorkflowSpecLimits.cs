namespace JobScheduler.Grains.Interfaces;

/// <summary>The bounds <see cref="WorkflowSpecValidator"/> enforces on a <see cref="WorkflowSpec"/>, documented in <c>docs/workflows.md</c>.</summary>
public static class WorkflowSpecLimits
{
    /// <summary>Most steps in one workflow.</summary>
    public const int MaxSteps = 100;

    /// <summary>Longest step name.</summary>
    public const int MaxStepNameLength = 63;
}
