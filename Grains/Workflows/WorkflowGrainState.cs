using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Workflows;

/// <summary>What the workflow grain persists (as JSON).</summary>
[GenerateSerializer, Alias("JobScheduler.WorkflowGrainState")]
public sealed class WorkflowGrainState
{
    /// <summary>The workflow; null until started.</summary>
    [Id(0)] public WorkflowRecord? Workflow { get; set; }
}
