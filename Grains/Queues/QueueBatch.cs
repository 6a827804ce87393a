using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Queues;

/// <summary>What a worker gets from <see cref="IQueueProtocolGrain.Dequeue"/>: jobs to claim, and the queue's defaults they run with.</summary>
[GenerateSerializer, Alias("JobScheduler.QueueBatch")]
public sealed record QueueBatch
{
    /// <summary>The jobs, in dispatch order.</summary>
    [Id(0)] public IReadOnlyList<QueueEntry> Entries { get; init; } = [];

    /// <summary>The queue's default resources, applied where a job's own leave a value out.</summary>
    [Id(1)] public ResourceLimits? DefaultResources { get; init; }

    /// <summary>The queue's <see cref="QueueSettings.User"/>: the user its containers run as; null means the server's default.</summary>
    [Id(10)] public string? User { get; init; }

    /// <summary>The queue's <see cref="QueueSettings.WritableRootFilesystem"/>.</summary>
    [Id(11)] public bool WritableRootFilesystem { get; init; }

    /// <summary>An empty batch.</summary>
    public static readonly QueueBatch Empty = new();
}
