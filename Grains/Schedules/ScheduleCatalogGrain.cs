using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// The ids of all schedules, in one persistent grain: enough to list them and to wake them when a silo starts.
/// Listing fans out to each schedule grain, so this suits thousands of schedules, not millions.
/// </summary>
public sealed class ScheduleCatalogGrain(
    [PersistentState("schedules")] IPersistentState<ScheduleCatalogState> state) : Grain, IScheduleCatalogGrain
{
    private HashSet<string>? _index;

    private HashSet<string> Index => _index ??= new HashSet<string>(state.State.Ids, StringComparer.Ordinal);

    public async Task Add(string scheduleId)
    {
        if (!Index.Add(scheduleId))
            return;
        state.State.Ids.Add(scheduleId);
        await WriteAsync();
    }

    public async Task Remove(string scheduleId)
    {
        if (!Index.Remove(scheduleId))
            return;
        state.State.Ids.Remove(scheduleId);
        await WriteAsync();
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Ids]);

    public async Task<int> WakeAll()
    {
        // One-way calls: a schedule that is itself calling the catalog (create, delete) cannot deadlock with this.
        await Task.WhenAll(state.State.Ids.Select(id => GrainFactory.GetGrain<IScheduleGrain>(id).Wake()));
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
            await state.ReadStateAsync();
            _index = null;
            throw;
        }
    }
}
