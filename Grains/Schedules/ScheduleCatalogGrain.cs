using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// The schedules' ids with their owners and queues, in one persistent grain: enough to page and filter the listing,
/// to count an owner's schedules for a quota, and to wake every schedule when a silo starts. Each call is one turn
/// (the grain is not reentrant), so a quota check and the add it allows cannot interleave with another create.
/// </summary>
public sealed class ScheduleCatalogGrain(
    [PersistentState("schedules")] IPersistentState<ScheduleCatalogState> state) : Grain, IScheduleCatalogGrain, IScheduleCatalogProtocolGrain
{
    private ScheduleCatalogIndex? _index;

    private ScheduleCatalogIndex Index => _index ??= new ScheduleCatalogIndex(state.State);

    public async Task<bool> TryAdd(ScheduleCatalogEntry entry, int maxPerOwner)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Index.Contains(entry.Id))
            return true;
        if (!ScheduleCatalogIndex.Admits(Index.CountOwnedBy(entry.Owner), maxPerOwner, entry.Owner))
            return false;
        Index.Set(entry);
        await WriteAsync();
        return true;
    }

    public async Task Describe(ScheduleCatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Index.Set(entry))
            await WriteAsync();
    }

    public async Task Remove(string scheduleId)
    {
        if (Index.Remove(scheduleId))
            await WriteAsync();
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Ids]);

    public Task<ScheduleCatalogPage> Page(ScheduleQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult(Index.Page(query));
    }

    public Task<int> CountOwnedBy(string owner) => Task.FromResult(Index.CountOwnedBy(owner));

    public async Task<int> WakeAll()
    {
        // One-way calls: a schedule that is itself calling the catalog (create, delete) cannot deadlock with this.
        await Task.WhenAll(state.State.Ids.Select(id => GrainFactory.GetGrain<IScheduleProtocolGrain>(id).Wake()));
        return state.State.Ids.Count;
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The write may not have happened: forget the in-memory change and reload the truth.
            await state.ReadStateAsync();
            _index = null;
            throw;
        }
    }
}
