namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A DAG of job steps: the REST body of <c>POST /api/v1/workflows</c> and the workflow grain's contract.
/// A step starts when every step it depends on succeeded. <see cref="WorkflowSpecValidator"/> checks it.
/// </summary>
/// <remarks>Collections are copied on assignment, as in <see cref="JobSpec"/>, so a spec cannot change after it is built.</remarks>
[GenerateSerializer, Alias("JobScheduler.WorkflowSpec")]
public sealed record WorkflowSpec
{
    [Id(0)] private readonly WorkflowStepSpec[] _steps = [];
    [Id(2)] private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    /// <summary>The steps, 1 to <see cref="WorkflowSpecLimits.MaxSteps"/>; their order is the order the workflow shows them in.</summary>
    public IReadOnlyList<WorkflowStepSpec> Steps
    {
        get => _steps;
        init => _steps = value?.ToArray() ?? [];
    }

    /// <summary>What a failed step does to the rest of the workflow; <see cref="WorkflowFailurePolicy.FailFast"/> by default.</summary>
    [Id(1)] public WorkflowFailurePolicy FailurePolicy { get; init; } = WorkflowFailurePolicy.FailFast;

    /// <summary>Free-form key/value labels of the workflow itself (same rules as job labels); its steps' jobs do not inherit them.</summary>
    public IReadOnlyDictionary<string, string> Labels
    {
        get => _labels;
        init => _labels = value is null ? new(StringComparer.Ordinal) : new(value, StringComparer.Ordinal);
    }
}
