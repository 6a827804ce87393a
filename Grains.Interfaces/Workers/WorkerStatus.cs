namespace JobScheduler.Grains.Interfaces;

/// <summary>A worker's capacity and what it runs now.</summary>
[GenerateSerializer, Alias("JobScheduler.WorkerStatus")]
public sealed record WorkerStatus
{
    /// <summary>The worker id (its silo's address).</summary>
    [Id(0)] public required string Worker { get; init; }

    /// <summary>How many containers it runs at most.</summary>
    [Id(1)] public int Slots { get; init; }

    /// <summary>The job ids it runs now.</summary>
    [Id(2)] public IReadOnlyList<string> RunningJobs { get; init; } = [];

    /// <summary>Whether its Docker engine answered the last check; null before the first check.</summary>
    [Id(3)] public bool? DockerReachable { get; init; }

    /// <summary>The Docker endpoint it uses.</summary>
    [Id(4)] public string DockerEndpoint { get; init; } = "";
}
