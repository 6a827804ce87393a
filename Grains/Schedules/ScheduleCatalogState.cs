using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>What the schedule catalog persists (as JSON): the schedule ids, and what each one is.</summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleCatalogState")]
public sealed class ScheduleCatalogState
{
    /// <summary>Schedule ids, in the order they were added.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];

    /// <summary>
    /// Per id, its owner and queues. An id listed by an older catalog has none until its schedule describes itself
    /// (every schedule does when woken at silo start); until then tenants do not see it and it counts for nobody.
    /// </summary>
    [Id(1)] public Dictionary<string, ScheduleCatalogEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
