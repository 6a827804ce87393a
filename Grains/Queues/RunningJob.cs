using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Queues;

/// <summary>A job a worker runs, as it reports it to the job's queue with every heartbeat.</summary>
[GenerateSerializer, Alias("JobScheduler.RunningJob")]
public sealed record RunningJob
{
    /// <summary>The job id.</summary>
    [Id(0)] public required string JobId { get; init; }

    /// <summary>The job's concurrency key, if any.</summary>
    [Id(1)] public string? ConcurrencyKey { get; init; }
}
