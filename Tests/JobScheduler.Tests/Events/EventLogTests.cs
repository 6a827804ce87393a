using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace JobScheduler.Tests.Events;

/// <summary>The event log's two stores and what the job index adds to them.</summary>
[Collection(RedisCollection.Name)]
public sealed class EventLogTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _connection;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }

    private static SchedulerEvent Event(string job, DateTimeOffset at) => new() { Kind = SchedulerEventKind.Job, At = at, JobId = job, To = JobState.Queued, Queue = "q" };

    private static InMemoryEventLog Memory(FakeTimeProvider time, int maxLength = 100) =>
        new(Options.Create(new EventLogOptions { MaxLength = maxLength, MaxAge = TimeSpan.FromHours(1) }), time);

    private RedisEventLog RedisLog(int maxLength = 100_000) =>
        new(_connection!, Options.Create(new RedisOptions { KeyPrefix = _prefix }), Options.Create(new EventLogOptions { MaxLength = maxLength }));

    private RedisJobIndex RedisIndex() =>
        new(_connection!, Options.Create(new RedisOptions { KeyPrefix = _prefix }), NullLogger<RedisJobIndex>.Instance);

    [Fact]
    public async Task InMemory_IdsWithinOneMillisecond_AreSequencedAndReadsAreExclusive()
    {
        var time = new FakeTimeProvider(Now);
        var log = Memory(time);
        log.Append(Event("a", Now));
        log.Append(Event("b", Now));
        time.Advance(TimeSpan.FromMilliseconds(5));
        log.Append(Event("c", Now));

        var all = await log.ReadAfterAsync(EventPosition.Start, 10);
        var ms = Now.ToUnixTimeMilliseconds();
        Assert.Equal([$"{ms}-0", $"{ms}-1", $"{ms + 5}-0"], all.Select(e => e.Id));
        Assert.Equal(["b", "c"], (await log.ReadAfterAsync(EventPosition.Parse(all[0].Id), 10)).Select(e => e.JobId));
        Assert.Equal(["b"], (await log.ReadAfterAsync(EventPosition.Parse(all[0].Id), 1)).Select(e => e.JobId));
        Assert.Empty(await log.ReadAfterAsync(EventPosition.Parse(all[2].Id), 10));
        Assert.Equal(all[2].Id, (await log.LatestAsync()).ToString());
    }

    [Fact]
    public async Task InMemory_PastMaxLengthAndMaxAge_DropsTheOldest()
    {
        var time = new FakeTimeProvider(Now);
        var log = Memory(time, maxLength: 100);
        for (var i = 0; i < 150; i++)
            log.Append(Event($"j{i}", time.GetUtcNow()));
        var kept = await log.ReadAfterAsync(EventPosition.Start, 1000);
        Assert.Equal(Enumerable.Range(50, 100).Select(i => $"j{i}"), kept.Select(e => e.JobId));

        time.Advance(TimeSpan.FromHours(2));
        log.Append(Event("late", time.GetUtcNow()));
        Assert.Equal(["late"], (await log.ReadAfterAsync(EventPosition.Start, 1000)).Select(e => e.JobId));
    }

    [Fact]
    public async Task RedisIndex_TransitionWithEvent_AddsItOnceEvenWhenRecordedTwice()
    {
        var index = RedisIndex();
        var log = RedisLog();
        var job = JobStateMachine.Create("ev-1", new JobSpec { Image = "busybox", Command = ["true"], Queue = "q" }, null, Now, parent: null, submittedBy: "key:abc");
        var running = job with { State = JobState.Running, UpdatedAt = Now.AddSeconds(1) };

        await index.RecordAsync(JobSummary.From(job), null, change: JobChangeEvents.Of(null, job, null));
        await index.RecordAsync(JobSummary.From(running), JobState.Queued, change: JobChangeEvents.Of(job, running, null));
        // A write repeated after a lost reply: the job is already in the Running set.
        await index.RecordAsync(JobSummary.From(running), JobState.Queued, change: JobChangeEvents.Of(job, running, null));

        var events = await log.ReadAfterAsync(EventPosition.Start, 10);
        Assert.Equal([(null, JobState.Queued), (JobState.Queued, (JobState?)JobState.Running)], events.Select(e => (e.From, e.To)));
        Assert.Equal("key:abc", events[0].Actor);
        Assert.True(EventPosition.Parse(events[0].Id) < EventPosition.Parse(events[1].Id));
        Assert.Equal(events[1].Id, (await log.LatestAsync()).ToString());
    }

    [Fact]
    public async Task RedisLog_ReadsAfterAPositionExclusively_AndTrimsByAge()
    {
        var log = RedisLog();
        for (var i = 0; i < 5; i++)
            await log.AppendAsync(Event($"r{i}", Now));
        var all = await log.ReadAfterAsync(EventPosition.Start, 10);
        Assert.Equal(5, all.Count);
        Assert.Equal(["r2", "r3"], (await log.ReadAfterAsync(EventPosition.Parse(all[1].Id), 2)).Select(e => e.JobId));

        // Ids are the server's clock: everything written so far is older than a cutoff in the future.
        await log.TrimOlderThanAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty(await log.ReadAfterAsync(EventPosition.Start, 10));
        Assert.Equal(EventPosition.Start, await log.LatestAsync());
    }

    [Theory]
    [InlineData("1-0", true)]
    [InlineData("1733000000000-15", true)]
    [InlineData("0-0", true)]
    [InlineData("-1-0", false)]
    [InlineData("1", false)]
    [InlineData("1-", false)]
    [InlineData("a-b", false)]
    [InlineData("", false)]
    [InlineData("1-0-0", false)]
    public void EventPosition_TryParse_AcceptsOnlyStreamIds(string text, bool valid) =>
        Assert.Equal(valid, EventPosition.TryParse(text, out _));

    [Fact]
    public void JobChangeEvents_SameState_IsNoEvent()
    {
        var job = JobStateMachine.Create("j", new JobSpec { Image = "busybox", Command = ["true"] }, null, Now);
        Assert.Null(JobChangeEvents.Of(job, job with { UpdatedAt = Now.AddSeconds(1) }, null));
    }
}
