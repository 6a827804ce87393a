using System.Diagnostics;
using JobScheduler.Client.Api.Events;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Events;

/// <summary>The API process's one reader of the log: fast while stream clients read, slow without them, never stale for a client.</summary>
public sealed class EventHubTests : IAsyncLifetime
{
    private static readonly EventFilter Everything = new(null, null, null, null, null, null);
    private readonly CountingLog _log = new(new InMemoryEventLog(Options.Create(new EventLogOptions()), TimeProvider.System));
    private readonly EventHub _hub;

    public EventHubTests() =>
        // An idle pace far longer than any wait below: whatever a client gets within the test, it got by waking the hub.
        _hub = new EventHub(_log, Options.Create(new EventLogOptions { PollInterval = TimeSpan.FromMilliseconds(25), IdlePollInterval = TimeSpan.FromMinutes(1) }),
            TimeProvider.System, NullLogger<EventHub>.Instance);

    public Task InitializeAsync() => _hub.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _hub.StopAsync(CancellationToken.None);
        _hub.Dispose();
    }

    [Fact]
    public async Task NoStreamClient_ReadsTheLogAtTheIdlePace()
    {
        await _hub.TailAsync(CancellationToken.None);
        var before = _log.Reads;

        await Task.Delay(TimeSpan.FromMilliseconds(500));

        // 25 ms would have been 20 reads; at the idle pace (1 minute here) there is none, or one for a wake-up in flight.
        Assert.InRange(_log.Reads - before, 0, 1);
    }

    [Fact]
    public async Task TailAsync_EventAppendedWhileIdle_StartsAfterIt()
    {
        await _hub.TailAsync(CancellationToken.None);
        await _log.AppendAsync(Event("job-1"));
        var newest = await _log.LatestAsync();

        var tail = await _hub.TailAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(newest, tail);
    }

    [Fact]
    public async Task StreamClient_GetsEventsAtTheFastPace_AndTheIdlePaceReturnsWhenItLeaves()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var start = await _hub.TailAsync(stop.Token);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var stream = _hub.ReadAsync(Everything, start, reading.Token).GetAsyncEnumerator(reading.Token);
        var next = stream.MoveNextAsync().AsTask();
        await Eventually.Async(() => Task.FromResult(_hub.Readers == 1), TimeSpan.FromSeconds(10), "the stream client registers with the hub");

        var clock = Stopwatch.StartNew();
        await _log.AppendAsync(Event("job-2"));
        Assert.True(await next.WaitAsync(stop.Token));

        Assert.Equal("job-2", stream.Current?.JobId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var fastReads = _log.Reads;
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.True(_log.Reads - fastReads >= 3, $"{_log.Reads - fastReads} reads in 300 ms with a client");

        await reading.CancelAsync();
        await stream.DisposeAsync();
        Assert.Equal(0, _hub.Readers);
        // The look under way when the client left may still end; after it the hub waits at the idle pace.
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        var idleReads = _log.Reads;
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.InRange(_log.Reads - idleReads, 0, 1);
    }

    private static SchedulerEvent Event(string job) =>
        new() { Kind = SchedulerEventKind.Job, At = DateTimeOffset.UtcNow, JobId = job, To = JobState.Queued, Queue = "q" };

    // Counts the hub's reads of the log; everything else passes through.
    private sealed class CountingLog(IEventLog inner) : IEventLog
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public Task AppendAsync(SchedulerEvent e) => inner.AppendAsync(e);

        public Task<IReadOnlyList<SchedulerEvent>> ReadAfterAsync(EventPosition after, int count)
        {
            Interlocked.Increment(ref _reads);
            return inner.ReadAfterAsync(after, count);
        }

        public Task<EventPosition> LatestAsync() => inner.LatestAsync();

        public Task TrimOlderThanAsync(DateTimeOffset cutoff) => inner.TrimOlderThanAsync(cutoff);
    }
}
