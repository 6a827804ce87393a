namespace JobScheduler.Grains.Interfaces;

/// <summary>One step of a running or finished workflow, as <c>GET /api/v1/workflows/{id}</c> shows it.</summary>
[GenerateSerializer, Alias("JobScheduler.WorkflowStepStatus")]
public sealed record WorkflowStepStatus
{
    [Id(1)] private readonly string[] _dependsOn = [];

    /// <summary>The step's name.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The steps it waits for.</summary>
    public IReadOnlyList<string> DependsOn
    {
        get => _dependsOn;
        init => _dependsOn = value?.ToArray() ?? [];
    }

    /// <summary>Where the step is.</summary>
    [Id(2)] public required WorkflowStepState State { get; init; }

    /// <summary>The step's job (<c>{workflowId}.{name}</c>, readable at <c>/api/v1/jobs/{jobId}</c>); null until it is submitted.</summary>
    [Id(3)] public string? JobId { get; init; }

    /// <summary>The job's last exit code, once the step ended.</summary>
    [Id(4)] public int? ExitCode { get; init; }

    /// <summary>The last non-empty line of the job's stdout (at most 1 KiB), once the step ended; its dependants receive it.</summary>
    [Id(5)] public string? Output { get; init; }

    /// <summary>Why the step failed, was skipped or cancelled; null otherwise.</summary>
    [Id(6)] public string? FailureReason { get; init; }

    /// <summary>When the step's job was submitted.</summary>
    [Id(7)] public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the step reached its final state.</summary>
    [Id(8)] public DateTimeOffset? EndedAt { get; init; }
}
