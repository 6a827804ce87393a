using System.Diagnostics;
using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JobScheduler.Tests.Deadlines;

/// <summary>The sweep loop against the in-memory deadlines, a recording poker and a fake clock.</summary>
public sealed class DeadlineSweeperTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryJobDeadlines _deadlines = new();
    private readonly List<DeadlineSweeper> _started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var sweeper in _started)
            await sweeper.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Start_OverdueJobs_PokesEachOnceAndLaterOnesWhenDue()
    {
        await _deadlines.SetAsync("a", Start.AddMinutes(-3));
        await _deadlines.SetAsync("b", Start.AddSeconds(-1));
        await _deadlines.SetAsync("later", Start.AddSeconds(3));
        var poker = new RecordingPoker(_deadlines);

        await StartAsync(poker, new DeadlineOptions { RedeliverAfter = TimeSpan.FromHours(1) });

        await Eventually.Async(() => Task.FromResult(poker.Pokes.Count == 2), Timeout, "the two overdue jobs are poked at start");
        Assert.Equal(["a", "b"], poker.Pokes);
        await AdvanceUntilAsync(() => poker.CountOf("later") == 1, "the later job is poked once its deadline passes");
        Assert.Equal(["a", "b", "later"], poker.Pokes);
    }

    [Fact]
    public async Task Sweep_BacklogLargerThanBatch_PokesAllWithoutWaitingAnInterval()
    {
        for (var i = 0; i < 35; i++)
            await _deadlines.SetAsync($"job-{i:D2}", Start.AddSeconds(-i));
        var poker = new RecordingPoker(_deadlines);

        // The clock never moves: only the loop's "full batch, claim again" can get past the first 10.
        await StartAsync(poker, new DeadlineOptions { BatchSize = 10 });

        await Eventually.Async(() => Task.FromResult(poker.Pokes.Count == 35), Timeout, "all 35 overdue jobs are poked in one sweep");
        Assert.Equal(35, poker.Pokes.Distinct().Count());
    }

    [Fact]
    public async Task Poke_Fails_OthersArePokedAndTheFailedJobComesBackAfterRedeliverAfter()
    {
        await _deadlines.SetAsync("bad", Start.AddSeconds(-2));
        await _deadlines.SetAsync("good", Start.AddSeconds(-1));
        var poker = new RecordingPoker(_deadlines) { Failing = { "bad" } };
        var options = new DeadlineOptions { RedeliverAfter = TimeSpan.FromSeconds(10) };

        await StartAsync(poker, options);

        await Eventually.Async(() => Task.FromResult(poker.CountOf("good") == 1), Timeout, "the good job is poked despite the bad one");
        Assert.Equal(1, poker.CountOf("bad"));
        var firstFailure = _time.GetUtcNow();
        await AdvanceUntilAsync(() => poker.CountOf("bad") == 2, "the failed poke is retried after RedeliverAfter");
        Assert.True(_time.GetUtcNow() - firstFailure >= options.RedeliverAfter);
        Assert.Equal(1, poker.CountOf("good"));
    }

    [Fact]
    public async Task Sweep_ClaimFails_LoopKeepsSweeping()
    {
        await _deadlines.SetAsync("a", Start.AddSeconds(-1));
        var flaky = new FlakyDeadlines(_deadlines, failures: 2);
        var poker = new RecordingPoker(_deadlines);

        await StartAsync(poker, new DeadlineOptions(), flaky);

        await AdvanceUntilAsync(() => poker.CountOf("a") == 1, "the job is poked once the store answers again");
        Assert.Equal(2, flaky.Failed);
    }

    [Fact]
    public async Task Sweep_ManyOverdue_KeepsAtMostMaxConcurrentPokesInFlight()
    {
        for (var i = 0; i < 20; i++)
            await _deadlines.SetAsync($"job-{i:D2}", Start.AddSeconds(-1));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var poker = new RecordingPoker(_deadlines) { Gate = gate.Task };

        await StartAsync(poker, new DeadlineOptions { MaxConcurrentPokes = 4 });

        await Eventually.Async(() => Task.FromResult(poker.InFlight == 4), Timeout, "four pokes are in flight");
        Assert.Equal(4, poker.Pokes.Count);
        gate.SetResult();
        await Eventually.Async(() => Task.FromResult(poker.Pokes.Count == 20 && poker.InFlight == 0), Timeout, "all 20 jobs are poked");
        Assert.Equal(4, poker.MaxInFlight);
    }

    [Fact]
    public async Task Stop_PokesHanging_ReturnsPromptly()
    {
        await _deadlines.SetAsync("a", Start.AddSeconds(-1));
        var poker = new RecordingPoker(_deadlines) { Gate = new TaskCompletionSource().Task };
        var sweeper = Create(poker, new DeadlineOptions());
        await sweeper.StartAsync(CancellationToken.None);
        await Eventually.Async(() => Task.FromResult(poker.InFlight == 1), Timeout, "the poke hangs");

        var stopwatch = Stopwatch.StartNew();
        using var limit = new CancellationTokenSource(Timeout);
        await sweeper.StopAsync(limit.Token);

        Assert.False(limit.IsCancellationRequested, "StopAsync ran into the silo's stop timeout instead of ending the loop.");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"StopAsync took {stopwatch.Elapsed}.");
    }

    [Fact]
    public async Task Sweep_TwoSilosSharingDeadlines_PokeEachJobOnce()
    {
        for (var i = 0; i < 500; i++)
            await _deadlines.SetAsync($"job-{i:D3}", Start.AddSeconds(-i));
        var first = new RecordingPoker(_deadlines);
        var second = new RecordingPoker(_deadlines);

        await Task.WhenAll(
            StartAsync(first, new DeadlineOptions { BatchSize = 20 }),
            StartAsync(second, new DeadlineOptions { BatchSize = 20 }));

        await Eventually.Async(
            () => Task.FromResult(first.Pokes.Count + second.Pokes.Count == 500), Timeout, "all 500 jobs are poked by one silo or the other");
        Assert.Equal(500, first.Pokes.Concat(second.Pokes).Distinct().Count());
    }

    private DeadlineSweeper Create(RecordingPoker poker, DeadlineOptions options, IJobDeadlines? deadlines = null) =>
        new(deadlines ?? _deadlines, poker, Options.Create(options), _time, Metrics, NullLogger<DeadlineSweeper>.Instance);

    private static readonly SchedulerMetrics Metrics =
        new ServiceCollection().AddSchedulerMetrics().BuildServiceProvider().GetRequiredService<SchedulerMetrics>();

    private async Task StartAsync(RecordingPoker poker, DeadlineOptions options, IJobDeadlines? deadlines = null)
    {
        var sweeper = Create(poker, options, deadlines);
        _started.Add(sweeper);
        await sweeper.StartAsync(CancellationToken.None);
    }

    /// <summary>Moves the fake clock a sweep interval at a time until <paramref name="condition"/> holds.</summary>
    private Task AdvanceUntilAsync(Func<bool> condition, string because) =>
        Eventually.Async(
            () =>
            {
                if (condition())
                    return Task.FromResult(true);
                _time.Advance(new DeadlineOptions().SweepInterval);
                return Task.FromResult(false);
            },
            Timeout,
            because);

    /// <summary>Deadlines whose first claims fail, as while Redis is unreachable.</summary>
    private sealed class FlakyDeadlines(IJobDeadlines inner, int failures) : IJobDeadlines
    {
        private int _calls;

        public int Failed => Math.Min(Volatile.Read(ref _calls), failures);

        public Task SetAsync(string jobId, DateTimeOffset deadline) => inner.SetAsync(jobId, deadline);

        public Task ClearAsync(string jobId) => inner.ClearAsync(jobId);

        public Task<IReadOnlyList<string>> ClaimOverdueAsync(DateTimeOffset now, int max, TimeSpan redeliverAfter) =>
            Interlocked.Increment(ref _calls) <= failures
                ? Task.FromException<IReadOnlyList<string>>(new InvalidOperationException("Redis is unreachable (test)."))
                : inner.ClaimOverdueAsync(now, max, redeliverAfter);
    }
}
