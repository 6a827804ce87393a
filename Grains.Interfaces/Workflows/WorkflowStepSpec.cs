namespace JobScheduler.Grains.Interfaces;

/// <summary>One named step of a <see cref="WorkflowSpec"/>: the job it runs and the steps it waits for.</summary>
[GenerateSerializer, Alias("JobScheduler.WorkflowStepSpec")]
public sealed record WorkflowStepSpec
{
    [Id(2)] private readonly string[] _dependsOn = [];

    /// <summary>
    /// The step's name, unique in its workflow: 1-63 letters, digits, <c>_</c> and <c>-</c>. It names the step's job
    /// (<c>{workflowId}.{name}</c>) and its result variables (<see cref="WorkflowStepJob"/>).
    /// </summary>
    [Id(0)] public string Name { get; init; } = "";

    /// <summary>The job template the step runs, as for <c>POST /api/v1/jobs</c>; <see cref="JobSpec.RunAt"/> must be absent.</summary>
    [Id(1)] public JobSpec Job { get; init; } = new();

    /// <summary>The names of the steps that must succeed before this one starts; empty for a root step.</summary>
    public IReadOnlyList<string> DependsOn
    {
        get => _dependsOn;
        init => _dependsOn = value?.ToArray() ?? [];
    }
}
