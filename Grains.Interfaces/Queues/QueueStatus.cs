namespace JobScheduler.Grains.Interfaces;

/// <summary>A queue as <c>GET /api/v1/queues</c> shows it: settings, whether it is paused, and what it holds.</summary>
[GenerateSerializer, Alias("JobScheduler.QueueStatus")]
public sealed record QueueStatus
{
    /// <summary>The queue's name.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>True while the queue hands out no work (running jobs go on).</summary>
    [Id(1)] public bool Paused { get; init; }

    /// <summary>The queue's settings.</summary>
    [Id(2)] public QueueSettings Settings { get; init; } = new();

    /// <summary>Jobs dispatched to workers and not yet finished: what the concurrency limit counts.</summary>
    [Id(3)] public int Running { get; init; }

    /// <summary>Jobs waiting in line, ready to run.</summary>
    [Id(4)] public int Ready { get; init; }

    /// <summary>Running jobs per concurrency key (keys with none running are left out).</summary>
    [Id(5)] public IReadOnlyDictionary<string, int> RunningByConcurrencyKey { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// How many of the queue's jobs are in each state, from the listing index (every state is present, zeros included).
    /// Filled in by <see cref="JobSchedulerClient"/>; the queue grain itself leaves it empty.
    /// </summary>
    [Id(6)] public IReadOnlyDictionary<JobState, long> Depth { get; init; } = new Dictionary<JobState, long>();
}
