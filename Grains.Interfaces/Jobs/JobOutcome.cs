namespace JobScheduler.Grains.Interfaces;

/// <summary>How a job that a schedule or workflow created ended; sent to its <see cref="JobParent"/>.</summary>
[GenerateSerializer, Alias("JobScheduler.JobOutcome")]
public sealed record JobOutcome
{
    /// <summary>The job.</summary>
    [Id(0)] public required string JobId { get; init; }

    /// <summary>Who created it.</summary>
    [Id(1)] public required JobParent Parent { get; init; }

    /// <summary>Its terminal state.</summary>
    [Id(2)] public required JobState State { get; init; }

    /// <summary>The last attempt's exit code, when its container exited.</summary>
    [Id(3)] public int? ExitCode { get; init; }

    /// <summary>Why the last attempt failed, when it did.</summary>
    [Id(4)] public string? FailureReason { get; init; }

    /// <summary>
    /// The last non-empty line of the last attempt's stdout, at most <see cref="MaxOutputLength"/> characters
    /// (longer lines keep their end); empty when there was none.
    /// </summary>
    [Id(5)] public string Output { get; init; } = "";

    /// <summary>When the job reached its terminal state.</summary>
    [Id(6)] public required DateTimeOffset EndedAt { get; init; }

    /// <summary>How many attempts the job made.</summary>
    [Id(7)] public int Attempts { get; init; }

    /// <summary>Longest <see cref="Output"/> kept.</summary>
    public const int MaxOutputLength = 1024;

    /// <summary>The outcome of <paramref name="job"/>, which must be terminal, with <paramref name="logs"/> of its last attempt.</summary>
    public static JobOutcome Of(JobRecord job, JobParent parent, JobLogs? logs) => new()
    {
        JobId = job.Id,
        Parent = parent,
        State = job.State,
        ExitCode = job.CurrentAttempt?.ExitCode,
        FailureReason = job.CurrentAttempt?.FailureReason,
        Output = LastLine(logs?.Stdout),
        EndedAt = job.UpdatedAt,
        Attempts = job.Attempts.Count,
    };

    private static string LastLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var line = text.TrimEnd('\r', '\n').Split('\n')[^1].TrimEnd('\r');
        return line.Length <= MaxOutputLength ? line : line[^MaxOutputLength..];
    }
}
