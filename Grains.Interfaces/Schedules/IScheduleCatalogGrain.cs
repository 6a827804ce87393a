namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The schedules' ids (one grain, key 0), each with who created it and the queues its template uses: enough to page
/// the listing (a page costs one call per schedule on it), to filter it for a tenant, to count a creator's schedules
/// for a quota, and to wake every schedule when a silo starts. Grains are not a query engine: this suits thousands of
/// schedules (tens of thousands of ids), not millions. This is what clients may call; the silo-internal protocol of the
/// same grain (schedules listing and describing themselves, the wake-up) is <c>IScheduleCatalogProtocolGrain</c> in the
/// Grains assembly.
/// </summary>
[Alias("JobScheduler.IScheduleCatalogGrain")]
public interface IScheduleCatalogGrain : IGrainWithIntegerKey
{
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
}
