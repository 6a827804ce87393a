using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Events;

/// <summary>
/// The event log in memory (embedded mode): a ring of the newest <see cref="EventLogOptions.MaxLength"/> events, ids given
/// the way Redis gives stream ids (the clock's milliseconds, a sequence within one millisecond, never going back).
/// </summary>
public sealed class InMemoryEventLog : IEventLog
{
    private readonly Lock _lock = new();
    private readonly SchedulerEvent[] _ring;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;
    private readonly EventAppendedSignal? _appended;
    private int _start;
    private int _count;
    private EventPosition _last = EventPosition.Start;

    /// <summary>Creates an empty log sized by <paramref name="options"/>; this process's readers hear of each append through <paramref name="appended"/>.</summary>
    public InMemoryEventLog(IOptions<EventLogOptions> options, TimeProvider time, EventAppendedSignal? appended = null)
    {
        _appended = appended;
        _ring = new SchedulerEvent[options.Value.MaxLength];
        _maxAge = options.Value.MaxAge;
        _time = time;
    }

    /// <inheritdoc />
    public Task AppendAsync(SchedulerEvent e)
    {
        Append(e);
        return Task.CompletedTask;
    }

    /// <summary>Appends <paramref name="e"/> at once; the job index calls this under its own lock, so a job's events keep its order.</summary>
    public void Append(SchedulerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var ms = now.ToUnixTimeMilliseconds();
            _last = ms > _last.Milliseconds ? new EventPosition(ms, 0) : _last with { Sequence = _last.Sequence + 1 };
            if (_count == _ring.Length)
            {
                _start = (_start + 1) % _ring.Length;
                _count--;
            }
            _ring[(_start + _count) % _ring.Length] = e.WithId(_last.ToString());
            _count++;
            DropOlderThan(now - _maxAge);
        }
        _appended?.Raise();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SchedulerEvent>> ReadAfterAsync(EventPosition after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            var first = FirstAfter(after);
            var n = Math.Min(count, _count - first);
            var page = new SchedulerEvent[n];
            for (var i = 0; i < n; i++)
                page[i] = At(first + i);
            return Task.FromResult<IReadOnlyList<SchedulerEvent>>(page);
        }
    }

    /// <inheritdoc />
    public Task<EventPosition> LatestAsync()
    {
        lock (_lock)
            return Task.FromResult(_last);
    }

    /// <inheritdoc />
    public Task TrimOlderThanAsync(DateTimeOffset cutoff)
    {
        lock (_lock)
            DropOlderThan(cutoff);
        return Task.CompletedTask;
    }

    private void DropOlderThan(DateTimeOffset cutoff)
    {
        while (_count > 0 && At(0).At < cutoff)
        {
            _ring[_start] = null!;
            _start = (_start + 1) % _ring.Length;
            _count--;
        }
    }

    private SchedulerEvent At(int i) => _ring[(_start + i) % _ring.Length];

    private static EventPosition PositionOf(SchedulerEvent e) => EventPosition.Parse(e.Id);

    // Binary search: the ring is in id order.
    private int FirstAfter(EventPosition after)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (PositionOf(At(mid)) <= after)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
