namespace JobScheduler.Grains.Deadlines;

/// <summary>
/// The deadlines in memory (embedded mode: one process, nothing survives a restart), with the same
/// semantics as <see cref="RedisJobDeadlines"/>: ordered by deadline then id, claims atomic under one lock.
/// </summary>
/// <remarks>
/// A sorted set of (deadline, id) for the overdue range plus a dictionary of id → deadline to find an entry
/// to move: set, clear and each claimed id cost O(log n), so 100,000 pending jobs are no burden.
/// </remarks>
public sealed class InMemoryJobDeadlines : IJobDeadlines
{
    // Ordinal ids break ties, as Redis orders equal scores by member bytes.
    private static readonly IComparer<(long Ms, string Id)> ByDeadline = Comparer<(long Ms, string Id)>.Create((a, b) =>
        a.Ms != b.Ms ? a.Ms.CompareTo(b.Ms) : string.CompareOrdinal(a.Id, b.Id));

    private readonly Lock _lock = new();
    private readonly SortedSet<(long Ms, string Id)> _byDeadline = new(ByDeadline);
    private readonly Dictionary<string, long> _deadlines = new(StringComparer.Ordinal);

    /// <summary>How many jobs have a deadline.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _deadlines.Count;
        }
    }

    /// <inheritdoc />
    public Task SetAsync(string jobId, DateTimeOffset deadline)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var ms = deadline.ToUnixTimeMilliseconds();
        lock (_lock)
            Move(jobId, ms);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearAsync(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        lock (_lock)
        {
            if (_deadlines.Remove(jobId, out var ms))
                _byDeadline.Remove((ms, jobId));
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ClaimOverdueAsync(DateTimeOffset now, int max, TimeSpan redeliverAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfLessThan(redeliverAfter, TimeSpan.Zero);
        var nowMs = now.ToUnixTimeMilliseconds();
        var redeliverAt = nowMs + (long)redeliverAfter.TotalMilliseconds;
        var claimed = new List<string>(Math.Min(max, 1024));
        lock (_lock)
        {
            // Collect first: a SortedSet cannot be changed while it is enumerated.
            foreach (var (ms, id) in _byDeadline)
            {
                if (ms > nowMs || claimed.Count == max)
                    break;
                claimed.Add(id);
            }
            foreach (var id in claimed)
                Move(id, redeliverAt);
        }
        return Task.FromResult<IReadOnlyList<string>>(claimed);
    }

    private void Move(string jobId, long ms)
    {
        if (_deadlines.TryGetValue(jobId, out var old))
        {
            if (old == ms)
                return;
            _byDeadline.Remove((old, jobId));
        }
        _deadlines[jobId] = ms;
        _byDeadline.Add((ms, jobId));
    }
}
