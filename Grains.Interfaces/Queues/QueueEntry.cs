namespace JobScheduler.Grains.Interfaces;

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
}
