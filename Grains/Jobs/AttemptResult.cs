using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>How an attempt ended, reported once by the worker that ran it.</summary>
[GenerateSerializer, Alias("JobScheduler.AttemptResult")]
public sealed record AttemptResult
{
    /// <summary>The attempt number from the dispatch ticket (the fencing token).</summary>
    [Id(0)] public required int Attempt { get; init; }

    /// <summary>The container's exit code, if it ran.</summary>
    [Id(1)] public int? ExitCode { get; init; }

    /// <summary>When the container started, if it did.</summary>
    [Id(2)] public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the attempt ended.</summary>
    [Id(3)] public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Why the attempt failed, or null for a clean exit; see <see cref="FailureReasons"/>.</summary>
    [Id(4)] public string? FailureReason { get; init; }

    /// <summary>The captured output.</summary>
    [Id(5)] public JobLogs Logs { get; init; } = new();

    /// <summary>The container id, if one was created.</summary>
    [Id(6)] public string? ContainerId { get; init; }

    /// <summary>True when the attempt counts as a success: exit code 0 and no failure reason.</summary>
    public bool Succeeded => FailureReason is null && ExitCode == 0;
}
