namespace JobScheduler.Grains.Interfaces;

/// <summary>One row of a job listing: enough to show and filter, without the spec's argv and env.</summary>
[GenerateSerializer, Alias("JobScheduler.JobSummary")]
public sealed record JobSummary
{
    /// <summary>The job id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The current state.</summary>
    [Id(1)] public required JobState State { get; init; }

    /// <summary>The queue.</summary>
    [Id(2)] public required string Queue { get; init; }

    /// <summary>The image.</summary>
    [Id(3)] public required string Image { get; init; }

    /// <summary>The priority.</summary>
    [Id(4)] public int Priority { get; init; }

    /// <summary>When the job was accepted (listings are newest first by this).</summary>
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the state last changed.</summary>
    [Id(6)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The current attempt number; 0 before the first dispatch.</summary>
    [Id(7)] public int Attempt { get; init; }

    /// <summary>The last attempt's exit code.</summary>
    [Id(8)] public int? ExitCode { get; init; }

    /// <summary>The last attempt's failure reason.</summary>
    [Id(9)] public string? FailureReason { get; init; }

    /// <summary>The job's labels.</summary>
    [Id(10)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Projects a full record onto a listing row.</summary>
    public static JobSummary From(JobRecord job) => new()
    {
        Id = job.Id,
        State = job.State,
        Queue = job.Spec.Queue,
        Image = job.Spec.Image,
        Priority = job.Spec.Priority,
        CreatedAt = job.CreatedAt,
        UpdatedAt = job.UpdatedAt,
        Attempt = job.CurrentAttempt?.Number ?? 0,
        ExitCode = job.CurrentAttempt?.ExitCode,
        FailureReason = job.CurrentAttempt?.FailureReason,
        Labels = job.Spec.Labels,
    };
}
