namespace JobScheduler.Grains.Interfaces;

/// <summary>One try at running a job. Attempts are numbered from 1 without gaps.</summary>
[GenerateSerializer, Alias("JobScheduler.JobAttempt")]
public sealed record JobAttempt
{
    /// <summary>The fencing token: every message about this attempt carries this number.</summary>
    [Id(0)] public required int Number { get; init; }

    /// <summary>The worker (silo address) that claimed the attempt.</summary>
    [Id(1)] public required string Worker { get; init; }

    /// <summary>When the worker claimed the job.</summary>
    [Id(2)] public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>The Docker container id, once created.</summary>
    [Id(3)] public string? ContainerId { get; init; }

    /// <summary>When the container started.</summary>
    [Id(4)] public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the attempt ended.</summary>
    [Id(5)] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The container's exit code, when it exited by itself or was killed.</summary>
    [Id(6)] public int? ExitCode { get; init; }

    /// <summary>Why the attempt failed; null when it succeeded or has not ended. See <see cref="FailureReasons"/>.</summary>
    [Id(7)] public string? FailureReason { get; init; }

    /// <summary>
    /// Until when the worker holds the attempt. Each heartbeat extends it; once it passes, the attempt
    /// fails with reason <see cref="FailureReasons.LeaseLost"/>.
    /// </summary>
    [Id(8)] public DateTimeOffset? LeaseExpiresAt { get; init; }
}
