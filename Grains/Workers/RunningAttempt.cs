namespace JobScheduler.Grains.Workers;

/// <summary>An attempt this silo's worker runs now.</summary>
internal sealed class RunningAttempt(string jobId, int attempt, CancellationTokenSource cancellation)
{
    public string JobId { get; } = jobId;

    public int Attempt { get; } = attempt;

    /// <summary>Kills the container: a user's cancel, or the silo stopping.</summary>
    public CancellationTokenSource Cancellation { get; } = cancellation;

    /// <summary>Set once the container exists.</summary>
    public volatile string? ContainerId;
}
