using System.Runtime.CompilerServices;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Events;

/// <summary>
/// This API process's one reader of the event log: while stream clients read, it follows the log every
/// <see cref="EventLogOptions.PollInterval"/>; with none, every <see cref="EventLogOptions.IdlePollInterval"/>. It keeps the
/// newest events in memory and wakes the stream clients, so a hundred clients cost one read of the log per look rather
/// than a hundred. A client that comes makes it look at once; one that resumes from further back than the memory holds
/// reads the log itself until it catches up.
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
    // Completed when the follower should look now (a reader came); replaced by the follower before each wait.
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Completed at the end of the next look that starts after it was taken: what a new stream's start waits for.
    private TaskCompletionSource _nextLook = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventPosition _tail = EventPosition.Start;
    private int _readers;

    /// <summary>
    /// The newest event in the log, as this process sees it after a look that started now (the memory of an idle hub can
    /// be one <see cref="EventLogOptions.IdlePollInterval"/> behind): where a live stream starts.
    /// </summary>
    public async Task<EventPosition> TailAsync(CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken);
        Task look;
        lock (_lock)
        {
            look = _nextLook.Task;
            _wake.TrySetResult();
        }
        await look.WaitAsync(cancellationToken);
        lock (_lock)
            return _tail;
    }

    /// <summary>How many stream clients read now.</summary>
    public int Readers => Volatile.Read(ref _readers);

    /// <summary>
    /// The events after <paramref name="after"/> (none: after the newest event this process has seen) that pass
    /// <paramref name="filter"/>, in log order, for as long as the caller reads; a null every 15 s without a matching event,
    /// for the caller's keep-alive.
    /// </summary>
    public async IAsyncEnumerable<SchedulerEvent?> ReadAsync(EventFilter filter, EventPosition? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await _started.Task.WaitAsync(cancellationToken);
        var cursor = after ?? await TailAsync(cancellationToken);
        // The first reader turns the idle pace into the fast one, looking at once.
        if (Interlocked.Increment(ref _readers) == 1)
        {
            lock (_lock)
                _wake.TrySetResult();
        }
        try
        {
            await foreach (var e in FollowAsync(filter, cursor, cancellationToken))
                yield return e;
        }
        finally
        {
            Interlocked.Decrement(ref _readers);
        }
    }

    private async IAsyncEnumerable<SchedulerEvent?> FollowAsync(EventFilter filter, EventPosition cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            TaskCompletionSource look;
            lock (_lock)
            {
                look = _nextLook;
                _nextLook = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            try
            {
                await LookAsync();
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                // A new stream starts from what this process saw last rather than waiting out the outage.
                look.TrySetResult();
                LogReadFailed(e, RetryAfterFailure);
                await Delay(RetryAfterFailure, stoppingToken);
                continue;
            }
            look.TrySetResult();
            await WaitAsync(Readers > 0 ? settings.PollInterval : settings.IdlePollInterval, stoppingToken);
        }
    }

    // One look: everything appended since the last, in batches.
    private async Task LookAsync()
    {
        if (!_started.Task.IsCompleted)
        {
            var latest = await log.LatestAsync();
            lock (_lock)
                _tail = latest;
            _started.TrySetResult();
        }
        while (true)
        {
            var read = await log.ReadAfterAsync(_tail, ReadBatch);
            if (read.Count > 0)
                Publish(read);
            if (read.Count < ReadBatch)
                return;
        }
    }

    // The poll's pause, cut short by a reader that comes or a stream that starts. One that asked during the last look is
    // owed a look that starts after it: at once.
    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        Task wake;
        lock (_lock)
        {
            if (_wake.Task.IsCompleted)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return;
            }
            wake = _wake.Task;
        }
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // WhenAny never throws; the delay cancelled below is not observed.
        await Task.WhenAny(wake, Task.Delay(interval, time, pause.Token));
        // Frees the delay's timer when a wake cut it short.
        await pause.CancelAsync();
        // The look that follows answers this wake-up: one wake-up, one look.
        lock (_lock)
        {
            if (_wake.Task.IsCompleted)
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
