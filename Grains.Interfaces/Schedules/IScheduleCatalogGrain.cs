namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The schedules' ids (one grain, key 0), each with who created it and the queues its template uses: enough to page
/// the listing (a page costs one call per schedule on it), to filter it for a tenant, to count a creator's schedules
/// for a quota, and to wake every schedule when a silo starts. Grains are not a query engine: this suits thousands of
/// schedules (tens of thousands of ids), not millions.
/// </summary>
[Alias("JobScheduler.IScheduleCatalogGrain")]
public interface IScheduleCatalogGrain : IGrainWithIntegerKey
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

    /// <summary>Every schedule id, in the order they were added.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> List();

    /// <summary>
    /// One page of ids, newest first. With <see cref="ScheduleQuery.Queues"/>, only the schedules known to use those
    /// queues alone (an id whose queues are not recorded yet is left out).
    /// </summary>
    [Alias("Page")]
    Task<ScheduleCatalogPage> Page(ScheduleQuery query);

    /// <summary>How many listed schedules <paramref name="owner"/> created.</summary>
    [Alias("CountOwnedBy")]
    Task<int> CountOwnedBy(string owner);

    /// <summary>Wakes every schedule (one-way calls), so that each one catches up on what it missed at once instead of at its next reminder tick.</summary>
    [Alias("WakeAll")]
    Task<int> WakeAll();
}
