using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// The silo-internal protocol of the schedule catalog (key: 0, implemented by the same grain class as
/// <see cref="IScheduleCatalogGrain"/>): schedule grains register, describe and remove themselves, the wake-up loop wakes
/// them all. Lives in the Grains assembly so that services referencing only Grains.Interfaces cannot call it.
/// </summary>
[Alias("JobScheduler.IScheduleCatalogProtocolGrain")]
public interface IScheduleCatalogProtocolGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Lists a schedule, unless its owner already holds <paramref name="maxPerOwner"/> schedules (0: no limit; an
    /// entry without an owner is never limited): the check and the add are one turn of this grain, so two concurrent
    /// creates cannot both pass the last free place. True when listed (or already listed); false when refused, and
    /// then nothing changed.
    /// </summary>
    [Alias("TryAdd")]
    Task<bool> TryAdd(ScheduleCatalogEntry entry, int maxPerOwner);

    /// <summary>
    /// Records what a listed schedule is now (its queues after a change, an entry missing from an older catalog),
    /// listing the id when it is missing; never refused by a quota. Writes only when something changed.
    /// </summary>
    [Alias("Describe")]
    Task Describe(ScheduleCatalogEntry entry);

    /// <summary>Removes a schedule id; idempotent.</summary>
    [Alias("Remove")]
    Task Remove(string scheduleId);

    /// <summary>Wakes every schedule (one-way calls), so that each one catches up on what it missed at once instead of at its next reminder tick.</summary>
    [Alias("WakeAll")]
    Task<int> WakeAll();
}
