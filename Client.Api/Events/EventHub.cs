using System.Runtime.CompilerServices;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Events;

/// <summary>
/// This API process's one reader of the event log: it follows the log every <see cref="EventLogOptions.PollInterval"/>,
/// keeps the newest events in memory, and wakes the stream clients, so a hundred clients cost one read of the log per
/// look rather than a hundred. A client that resumes from further back than the memory holds reads the log itself until
/// it catches up.
/// </summary>
public sealed partial class EventHub(IEventLog log, IOptions<EventLogOptions> options, TimeProvider time, ILogger<EventHub> logger) : BackgroundService
{
    /// <summary>How many of the newest events the hub holds for clients that are close behind.</summary>
    public const int RecentCapacity = 8192;

    private const int ReadBatch = 1000;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    // In log order; trimmed to RecentCapacity in one move once it holds twice that, so appends stay amortized O(1).
    private readonly List<(EventPosition Position, SchedulerEvent Event)> _recent = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _newEvents = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventPosition _tail = EventPosition.Start;

    /// <summary>The newest event this process has seen (waiting until it has looked at the log once): where a live stream starts.</summary>
    public async Task<EventPosition> TailAsync(CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken);
        lock (_lock)
            return _tail;
    }

    /// <summary>
    /// The events after <paramref name="after"/> (none: after the newest event this process has seen) that pass
    /// <paramref name="filter"/>, in log order, for as long as the caller reads; a null every 15 s without a matching event,
    /// for the caller's keep-alive.
    /// </summary>
    public async IAsyncEnumerable<SchedulerEvent?> ReadAsync(EventFilter filter, EventPosition? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await _started.Task.WaitAsync(cancellationToken);
        EventPosition cursor;
        lock (_lock)
            cursor = after ?? _tail;
        var quietSince = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            Task signal;
            lock (_lock)
                signal = _newEvents.Task;
            var batch = Recent(cursor) ?? await log.ReadAfterAsync(cursor, ReadBatch);
            foreach (var e in batch)
            {
                cursor = EventPosition.Parse(e.Id);
                if (filter.Matches(e))
                {
                    quietSince = time.GetTimestamp();
                    yield return e;
                }
            }
            if (batch.Count > 0)
                continue;

            var quiet = time.GetElapsedTime(quietSince);
            if (quiet >= KeepAlive)
            {
                quietSince = time.GetTimestamp();
                yield return null;
                continue;
            }
            await Task.WhenAny(signal, Task.Delay(KeepAlive - quiet, time, cancellationToken));
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_started.Task.IsCompleted)
                {
                    var latest = await log.LatestAsync();
                    lock (_lock)
                        _tail = latest;
                    _started.TrySetResult();
                }
                var read = await log.ReadAfterAsync(_tail, ReadBatch);
                if (read.Count > 0)
                {
                    Publish(read);
                    if (read.Count == ReadBatch)
                        continue;
                }
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                LogReadFailed(e, RetryAfterFailure);
                await Delay(RetryAfterFailure, stoppingToken);
                continue;
            }
            await Delay(poll, stoppingToken);
        }
    }

    private void Publish(IReadOnlyList<SchedulerEvent> read)
    {
        TaskCompletionSource woken;
        lock (_lock)
        {
            foreach (var e in read)
            {
                var position = EventPosition.Parse(e.Id);
                _recent.Add((position, e));
                _tail = position;
            }
            if (_recent.Count >= 2 * RecentCapacity)
                _recent.RemoveRange(0, _recent.Count - RecentCapacity);
            woken = _newEvents;
            _newEvents = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    /// <summary>The held events after <paramref name="cursor"/>, or null when the memory does not reach back that far.</summary>
    private List<SchedulerEvent>? Recent(EventPosition cursor)
    {
        lock (_lock)
        {
            if (_recent.Count == 0)
                return cursor >= _tail ? [] : null;
            if (cursor < _recent[0].Position)
                return null;
            // Binary search for the first held event after the cursor.
            int lo = 0, hi = _recent.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_recent[mid].Position <= cursor)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            var after = new List<SchedulerEvent>(_recent.Count - lo);
            for (var i = lo; i < _recent.Count; i++)
                after.Add(_recent[i].Event);
            return after;
        }
    }

    private async Task Delay(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the event log; stream clients wait, trying again in {Delay}.")]
    private partial void LogReadFailed(Exception exception, TimeSpan delay);
}
