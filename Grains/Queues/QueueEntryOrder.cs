using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Queues;

/// <summary>Dispatch order: higher priority first, then earlier ready time, then job id (to make the order total).</summary>
internal sealed class QueueEntryOrder : IComparer<QueueEntry>
{
    public static readonly QueueEntryOrder Instance = new();

    public int Compare(QueueEntry? x, QueueEntry? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;
        var byPriority = y.Priority.CompareTo(x.Priority);
        if (byPriority != 0)
            return byPriority;
        var byReadyAt = x.ReadyAt.CompareTo(y.ReadyAt);
        return byReadyAt != 0 ? byReadyAt : string.CompareOrdinal(x.JobId, y.JobId);
    }
}
