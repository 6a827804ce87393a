using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Grains.Docker;

/// <summary>What one run learned so far; becomes the <see cref="AttemptResult"/> whichever step ended it.</summary>
internal sealed class ContainerOutcome(int attempt)
{
    public string? ContainerId { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public int? ExitCode { get; set; }

    public string? FailureReason { get; set; }

    public JobLogs Logs { get; set; } = new() { Attempt = attempt, Complete = true };

    public AttemptResult ToResult(DateTimeOffset endedAt) => new()
    {
        Attempt = attempt,
        ContainerId = ContainerId,
        StartedAt = StartedAt,
        EndedAt = endedAt,
        ExitCode = ExitCode,
        FailureReason = FailureReason,
        Logs = Logs,
    };
}
