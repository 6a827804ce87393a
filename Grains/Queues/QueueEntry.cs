using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Queues;

/// <summary>A ready job waiting in a queue, ordered by priority (high first) then by ready time (early first).</summary>
[GenerateSerializer, Alias("JobScheduler.QueueEntry")]
public sealed record QueueEntry
{
    /// <summary>The job id.</summary>
    [Id(0)] public required string JobId { get; init; }

    /// <summary>The job's priority.</summary>
    [Id(1)] public int Priority { get; init; }

    /// <summary>When the job became ready.</summary>
    [Id(2)] public required DateTimeOffset ReadyAt { get; init; }

    /// <summary>The job's <see cref="JobSpec.ConcurrencyKey"/>, if any.</summary>
    [Id(3)] public string? ConcurrencyKey { get; init; }

    /// <summary>How many jobs with <see cref="ConcurrencyKey"/> may run at once.</summary>
    [Id(4)] public int MaxConcurrent { get; init; } = 1;

    /// <summary>The job's image, so the queue can wake a worker that already has it.</summary>
    [Id(5)] public string Image { get; init; } = "";
}
