using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Queues;

/// <summary>What a queue persists: its operator-set settings and whether it is paused. Its jobs live in their own grains.</summary>
[GenerateSerializer, Alias("JobScheduler.QueueGrainState")]
public sealed class QueueGrainState
{
    /// <summary>The queue's settings.</summary>
    [Id(0)] public QueueSettings Settings { get; set; } = new();

    /// <summary>True while the queue hands out no work.</summary>
    [Id(1)] public bool Paused { get; set; }
}
