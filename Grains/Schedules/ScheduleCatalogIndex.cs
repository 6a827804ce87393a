using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// The catalog's rules over its state, without a silo: listing and describing ids, the owner counts a quota reads,
/// and a page (newest first, optionally only the schedules that use a tenant's queues alone). Changes the state it
/// was given in place; the grain persists it.
/// </summary>
public sealed class ScheduleCatalogIndex
{
    private readonly ScheduleCatalogState _state;
    private readonly HashSet<string> _ids;
    private readonly Dictionary<string, int> _owned = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="state"/> (as loaded: entries may be missing for ids an older catalog listed).</summary>
    public ScheduleCatalogIndex(ScheduleCatalogState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _ids = new HashSet<string>(state.Ids, StringComparer.Ordinal);
        // Entries of ids no longer listed (never written so, but cheap to ignore) do not count.
        foreach (var id in _ids)
        {
            if (state.Entries.TryGetValue(id, out var entry) && entry.Owner is { } owner)
                _owned[owner] = _owned.GetValueOrDefault(owner) + 1;
        }
    }

    /// <summary>Whether the id is listed.</summary>
    public bool Contains(string scheduleId) => _ids.Contains(scheduleId);

    /// <summary>How many listed schedules <paramref name="owner"/> created; 0 for null.</summary>
    public int CountOwnedBy(string? owner) => owner is null ? 0 : _owned.GetValueOrDefault(owner);

    /// <summary>Whether an owner holding <paramref name="held"/> schedules may create one more under <paramref name="maxPerOwner"/> (0: no limit; no owner: no limit).</summary>
    public static bool Admits(int held, int maxPerOwner, string? owner) => owner is null || maxPerOwner <= 0 || held < maxPerOwner;

    /// <summary>Lists the id when missing and records its entry; true when anything changed.</summary>
    public bool Set(ScheduleCatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var known = _state.Entries.TryGetValue(entry.Id, out var before);
        if (_ids.Contains(entry.Id) && known && Same(before!, entry))
            return false;
        if (_ids.Add(entry.Id))
            _state.Ids.Add(entry.Id);
        if (known && before!.Owner is { } previous)
            Uncount(previous);
        if (entry.Owner is { } owner)
            _owned[owner] = _owned.GetValueOrDefault(owner) + 1;
        _state.Entries[entry.Id] = entry;
        return true;
    }

    /// <summary>Unlists the id; true when it was listed.</summary>
    public bool Remove(string scheduleId)
    {
        if (!_ids.Remove(scheduleId))
            return false;
        _state.Ids.Remove(scheduleId);
        if (_state.Entries.Remove(scheduleId, out var entry) && entry.Owner is { } owner)
            Uncount(owner);
        return true;
    }

    /// <summary>One page of ids, newest first, and how many match in all.</summary>
    public ScheduleCatalogPage Page(ScheduleQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var allowed = query.Queues is { } queues ? new HashSet<string>(queues, StringComparer.Ordinal) : null;
        var skip = (long)(Math.Max(query.Page, 1) - 1) * Math.Max(query.PageSize, 0);
        var ids = new List<string>(Math.Min(query.PageSize, ScheduleQuery.MaxPageSize));
        long total = 0;
        for (var i = _state.Ids.Count - 1; i >= 0; i--)
        {
            var id = _state.Ids[i];
            if (allowed is not null && !(_state.Entries.TryGetValue(id, out var entry) && entry.Queues.All(allowed.Contains)))
                continue;
            if (total >= skip && ids.Count < query.PageSize)
                ids.Add(id);
            total++;
        }

        return new ScheduleCatalogPage { Ids = ids, Total = total };
    }

    private void Uncount(string owner)
    {
        if (_owned.TryGetValue(owner, out var count) && count > 1)
            _owned[owner] = count - 1;
        else
            _owned.Remove(owner);
    }

    private static bool Same(ScheduleCatalogEntry a, ScheduleCatalogEntry b) =>
        string.Equals(a.Owner, b.Owner, StringComparison.Ordinal) && a.Queues.SequenceEqual(b.Queues, StringComparer.Ordinal);
}
