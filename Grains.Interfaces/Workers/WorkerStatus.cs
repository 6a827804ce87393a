namespace JobScheduler.Grains.Interfaces;

/// <summary>A worker's capacity, what it runs now and its state.</summary>
[GenerateSerializer, Alias("JobScheduler.WorkerStatus")]
public sealed record WorkerStatus
{
    /// <summary>The worker id (its silo's address).</summary>
    [Id(0)] public required string Worker { get; init; }

    /// <summary>How many containers it runs at most.</summary>
    [Id(1)] public int Slots { get; init; }

    /// <summary>The job ids it runs now.</summary>
    [Id(2)] public IReadOnlyList<string> RunningJobs { get; init; } = [];

    /// <summary>Whether its Docker engine answered the last check; null before the first check or when down.</summary>
    [Id(3)] public bool? DockerReachable { get; init; }

    /// <summary>The Docker endpoint it uses.</summary>
    [Id(4)] public string DockerEndpoint { get; init; } = "";

    /// <summary>Available, busy, draining or down.</summary>
    [Id(5)] public WorkerState State { get; init; }

    /// <summary>
    /// When it last showed it was alive: its last heartbeat round while running, or the silo's last
    /// membership heartbeat when down.
    /// </summary>
    [Id(6)] public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>The silo's host name.</summary>
    [Id(7)] public string Host { get; init; } = "";

    /// <summary>
    /// When its loop last asked the queues for work (it does at least every poll interval, sooner when nudged): an
    /// old value on a worker with free slots means its loop is stuck.
    /// </summary>
    [Id(8)] public DateTimeOffset? LastPolled { get; init; }
}
