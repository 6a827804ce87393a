namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The ids of all schedules (one grain, key 0), for listing and for waking schedules when a silo starts. Grains are
/// not a query engine: this suits thousands of schedules, not millions.
/// </summary>
[Alias("JobScheduler.IScheduleCatalogGrain")]
public interface IScheduleCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a schedule id; idempotent.</summary>
    [Alias("Add")]
    Task Add(string scheduleId);

    /// <summary>Removes a schedule id; idempotent.</summary>
    [Alias("Remove")]
    Task Remove(string scheduleId);

    /// <summary>Every schedule id, in the order they were added.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> List();

    /// <summary>Wakes every schedule (one-way calls), so that each one catches up on what it missed at once instead of at its next reminder tick.</summary>
    [Alias("WakeAll")]
    Task<int> WakeAll();
}
