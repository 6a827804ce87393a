using JobScheduler.Grains.Events;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JobScheduler.Tests.Events;

/// <summary>The age trimmer's pace, on a fake clock, against the in-memory log (which drops by age only on its appends).</summary>
public sealed class EventLogTrimmerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Start_EventsPastMaxAge_TrimmedOneIntervalAfterTheStartNotBefore()
    {
        var options = Options.Create(new EventLogOptions { MaxLength = 100, MaxAge = MaxAge, TrimInterval = TrimInterval });
        var log = new InMemoryEventLog(options, _time);
        log.Append(Event("old"));
        using var trimmer = new EventLogTrimmer(log, options, _time, NullLogger<EventLogTrimmer>.Instance);
        await trimmer.StartAsync(CancellationToken.None);

        // Past the event's age but short of the interval: the first trim is one interval after the start.
        _time.Advance(TrimInterval / 2);
        await Continually.Async(async () => (await log.ReadAfterAsync(EventPosition.Start, 10)).Count == 1, TimeSpan.FromMilliseconds(500), "nothing is trimmed before the first interval");

        await AdvanceUntilAsync(async () => (await log.ReadAfterAsync(EventPosition.Start, 10)).Count == 0, TimeSpan.FromMinutes(1), "the first trim drops the old event");
        Assert.True(_time.GetUtcNow() - _time.Start >= TrimInterval);

        await trimmer.StopAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.True(trimmer.ExecuteTask?.IsCompletedSuccessfully);
        log.Append(Event("after-stop"));
        _time.Advance(TrimInterval * 3);
        await Continually.Async(async () => (await log.ReadAfterAsync(EventPosition.Start, 10)).Count == 1, TimeSpan.FromMilliseconds(500), "a stopped trimmer trims nothing");
    }

    private SchedulerEvent Event(string job) =>
        new() { Kind = SchedulerEventKind.Job, At = _time.GetUtcNow(), JobId = job, To = JobState.Queued, Queue = "q" };

    /// <summary>Moves the fake clock <paramref name="step"/> at a time until <paramref name="condition"/> holds.</summary>
    private Task AdvanceUntilAsync(Func<Task<bool>> condition, TimeSpan step, string because) =>
        Eventually.Async(
            async () =>
            {
                if (await condition())
                    return true;
                _time.Advance(step);
                return false;
            },
            Timeout,
            because);
}
