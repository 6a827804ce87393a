using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Events;

/// <summary>
/// The durable, ordered log of <see cref="SchedulerEvent"/>s: a Redis stream in cluster mode, a ring in memory in embedded
/// mode. Job transitions are appended by the job index in the same unit as the index update
/// (<see cref="Indexing.IJobIndex.RecordAsync"/>); schedules and workflows append theirs here.
/// </summary>
public interface IEventLog
{
    /// <summary>Appends <paramref name="e"/>; the log gives it its id.</summary>
    Task AppendAsync(SchedulerEvent e);

    /// <summary>Up to <paramref name="count"/> events after <paramref name="after"/>, oldest first, each with its id.</summary>
    Task<IReadOnlyList<SchedulerEvent>> ReadAfterAsync(EventPosition after, int count);

    /// <summary>The newest event's position, or <see cref="EventPosition.Start"/> when the log is empty.</summary>
    Task<EventPosition> LatestAsync();

    /// <summary>Drops the events older than <paramref name="cutoff"/> (approximately, in whole blocks, for Redis).</summary>
    Task TrimOlderThanAsync(DateTimeOffset cutoff);
}
