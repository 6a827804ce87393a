using JobScheduler.Grains.Hosting;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JobScheduler.Tests.Hosting;

/// <summary>The shape every background loop shares, driven by a fake clock.</summary>
public sealed class TimedLoopTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<TimedLoop> _loops = [];
    private int _runs;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var loop in _loops)
            await loop.DisposeAsync();
    }

    [Fact]
    public async Task Start_IterationAsksToWait_RunsAtOnceThenOncePerInterval()
    {
        Start(new TimedLoopSettings { Name = "test", Interval = Interval }, _ => TimedLoopStep.Wait);

        await RunsAsync(1, "the first iteration runs at once");
        // Proving that nothing runs early needs a window in which nothing happens; the clock stays short of the interval.
        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        await Continually.Async(() => Task.FromResult(Volatile.Read(ref _runs) == 1), TimeSpan.FromMilliseconds(500), "no iteration before the interval");
        await AdvanceUntilAsync(() => Volatile.Read(ref _runs) == 2, TimeSpan.FromMilliseconds(1), "the second iteration runs once the interval is over");
        Assert.Equal(Interval, _time.GetUtcNow() - _time.Start);
    }

    [Fact]
    public async Task WakeEarly_DuringTheWait_RunsTheNextIterationWithoutTheClockMoving()
    {
        var loop = Start(new TimedLoopSettings { Name = "test", Interval = TimeSpan.FromHours(1) }, _ => TimedLoopStep.Wait);
        await RunsAsync(1, "the first iteration runs at once");

        loop.WakeEarly();

        await RunsAsync(2, "a wake-up cuts the wait short");
        Assert.Equal(_time.Start, _time.GetUtcNow());
    }

    [Fact]
    public async Task WakeEarly_ManyTimesDuringAnIteration_KeepsOneWakeUpForAfterIt()
    {
        using var second = new ManualResetEventSlim();
        var loop = Start(new TimedLoopSettings { Name = "test", Interval = TimeSpan.FromHours(1) }, run =>
        {
            if (run == 2)
                second.Wait(Timeout);
            return TimedLoopStep.Wait;
        });
        await RunsAsync(1, "the first iteration runs at once");
        loop.WakeEarly();
        await RunsAsync(2, "a wake-up cuts the wait short");

        // The job path wakes the webhook loop on every event it appends: thousands of wake-ups while one iteration runs.
        Parallel.For(0, 10_000, _ => loop.WakeEarly());
        second.Set();

        await RunsAsync(3, "the wake-ups that came during the iteration run one more after it");
        await Continually.Async(() => Task.FromResult(Volatile.Read(ref _runs) == 3), TimeSpan.FromMilliseconds(300), "only one wake-up is kept");
        Assert.Equal(_time.Start, _time.GetUtcNow());
    }

    [Fact]
    public async Task Start_IterationAsksAgain_RunsAgainWithoutWaiting()
    {
        Start(new TimedLoopSettings { Name = "test", Interval = TimeSpan.FromHours(1) }, runs => runs < 5 ? TimedLoopStep.Again : TimedLoopStep.Wait);

        await RunsAsync(5, "an iteration that asks again is followed by another at once");
    }

    [Fact]
    public async Task Start_IterationSaysDone_LoopEnds()
    {
        var loop = Start(new TimedLoopSettings { Name = "test", Interval = Interval }, _ => TimedLoopStep.Done);

        await loop.Completion.WaitAsync(Timeout);
        Assert.Equal(1, Volatile.Read(ref _runs));
    }

    [Fact]
    public async Task Start_IterationFails_BacksOffDoublingUpToTheMaximumThenResets()
    {
        var loop = Start(
            new TimedLoopSettings { Name = "test", Interval = TimeSpan.FromHours(1), Backoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(4) },
            runs => runs <= 4 ? throw new InvalidOperationException("failing on purpose") : TimedLoopStep.Wait);

        await RunsAsync(1, "the first iteration runs at once");
        await AdvanceUntilAsync(() => Volatile.Read(ref _runs) == 5, TimeSpan.FromMilliseconds(250), "four failures, then a success");
        // Backoffs after failures 1..4: 1 s, 2 s, 4 s, 4 s (capped). The clock may step past a timer registered late
        // on a loaded machine, so only the lower bound is exact.
        Assert.True(_time.GetUtcNow() - _time.Start >= TimeSpan.FromSeconds(11));
        Assert.Equal(TimeSpan.FromSeconds(1), loop.BackoffAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(2), loop.BackoffAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(4), loop.BackoffAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(4), loop.BackoffAfter(30));
    }

    [Fact]
    public async Task Start_UnforeseenFailure_LogsAnErrorAndWaitsItsOwnBackoff()
    {
        var logger = new LevelRecorder();
        var loop = new TimedLoop(
            new TimedLoopSettings
            {
                Name = "test",
                Interval = TimeSpan.FromHours(1),
                Backoff = TimeSpan.FromSeconds(1),
                MaxBackoff = TimeSpan.FromSeconds(1),
                IsUnforeseen = e => e is InvalidOperationException,
                UnforeseenBackoff = TimeSpan.FromSeconds(5),
            },
            _ => Interlocked.Increment(ref _runs) switch
            {
                1 => throw new TimeoutException("expected on purpose"),
                2 => throw new InvalidOperationException("unforeseen on purpose"),
                _ => Task.FromResult(TimedLoopStep.Wait),
            },
            _time,
            logger);
        _loops.Add(loop);
        loop.Start();

        await RunsAsync(1, "the first iteration runs at once");
        await AdvanceUntilAsync(() => Volatile.Read(ref _runs) == 3, TimeSpan.FromMilliseconds(250), "an expected failure, an unforeseen one, then a success");

        // 1 s after the expected failure, then 5 s after the unforeseen one (the expected backoff is capped at 1 s).
        Assert.True(_time.GetUtcNow() - _time.Start >= TimeSpan.FromSeconds(6));
        Assert.Equal([LogLevel.Warning, LogLevel.Error], logger.Levels);
    }

    [Fact]
    public async Task Start_IterationFailsMaxFailuresTimes_LoopGivesUp()
    {
        var loop = Start(
            new TimedLoopSettings { Name = "test", Interval = TimeSpan.FromSeconds(2), MaxFailures = 3 },
            _ => throw new InvalidOperationException("failing on purpose"));

        await AdvanceUntilAsync(() => loop.Completion.IsCompleted, TimeSpan.FromSeconds(1), "the loop ends after its third failure");
        Assert.Equal(3, Volatile.Read(ref _runs));
        Assert.True(loop.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Start_WithJitter_LengthensTheWaitByTheRandomShare()
    {
        Start(new TimedLoopSettings { Name = "test", Interval = Interval, Jitter = TimeSpan.FromSeconds(4) }, _ => TimedLoopStep.Wait, random: () => 0.5);

        await RunsAsync(1, "the first iteration runs at once");
        await AdvanceUntilAsync(() => Volatile.Read(ref _runs) == 2, TimeSpan.FromMilliseconds(500), "the second iteration runs after interval plus jitter");
        // Without jitter it would run at 10 s; the clock may step past a timer registered late, so only the lower bound is exact.
        Assert.True(_time.GetUtcNow() - _time.Start >= Interval + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task StopAsync_DuringTheWait_EndsTheLoopWithoutAnotherIteration()
    {
        var loop = Start(new TimedLoopSettings { Name = "test", Interval = Interval }, _ => TimedLoopStep.Wait);
        await RunsAsync(1, "the first iteration runs at once");

        await loop.StopAsync().WaitAsync(Timeout);

        Assert.True(loop.Completion.IsCompleted);
        _time.Advance(Interval * 3);
        Assert.Equal(1, Volatile.Read(ref _runs));
    }

    [Fact]
    public async Task Start_CallerTokenCancelled_EndsTheLoop()
    {
        using var stopping = new CancellationTokenSource();
        var loop = Start(new TimedLoopSettings { Name = "test", Interval = Interval }, _ => TimedLoopStep.Wait, stopping: stopping.Token);
        await RunsAsync(1, "the first iteration runs at once");

        await stopping.CancelAsync();

        await loop.Completion.WaitAsync(Timeout);
    }

    private TimedLoop Start(TimedLoopSettings settings, Func<int, TimedLoopStep> iteration, Func<double>? random = null, CancellationToken stopping = default)
    {
        var loop = new TimedLoop(settings, _ => Task.FromResult(iteration(Interlocked.Increment(ref _runs))), _time, NullLogger.Instance, random);
        _loops.Add(loop);
        loop.Start(stopping);
        return loop;
    }

    private Task RunsAsync(int count, string because) =>
        Eventually.Async(() => Task.FromResult(Volatile.Read(ref _runs) == count), Timeout, because);

    /// <summary>The levels of the entries logged with an exception, in order.</summary>
    private sealed class LevelRecorder : ILogger
    {
        private readonly List<LogLevel> _levels = [];

        public IReadOnlyList<LogLevel> Levels
        {
            get
            {
                lock (_levels)
                    return [.. _levels];
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null)
                return;
            lock (_levels)
                _levels.Add(logLevel);
        }
    }

    /// <summary>Moves the fake clock <paramref name="step"/> at a time until <paramref name="condition"/> holds.</summary>
    private Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step, string because) =>
        Eventually.Async(
            () =>
            {
                if (condition())
                    return Task.FromResult(true);
                _time.Advance(step);
                return Task.FromResult(false);
            },
            Timeout,
            because);
}
