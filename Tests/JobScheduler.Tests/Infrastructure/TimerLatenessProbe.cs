using System.Diagnostics;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// How late this process's own timers ran over a window: a loop of short <see cref="Task.Delay(TimeSpan)"/> waits on the
/// thread pool, keeping the worst overshoot. An in-process scheduler's timers run on the same thread pool and cores, so
/// a test that bounds the scheduler's lateness allows the process's worst stall on top (the whole suite on two cores
/// can stall it for a second while other tests start processes and containers); the bound itself stays the
/// scheduler's. The loop does next to nothing, so it cannot hide a scheduler that is slow on its own.
/// </summary>
public sealed class TimerLatenessProbe : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _worstTicks;

    private TimerLatenessProbe() => _loop = Task.Run(RunAsync);

    /// <summary>The worst overshoot of a timer since <see cref="Start"/>.</summary>
    public TimeSpan Worst => TimeSpan.FromTicks(Interlocked.Read(ref _worstTicks));

    /// <summary>Starts measuring.</summary>
    public static TimerLatenessProbe Start() => new();

    private async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        while (!_stop.IsCancellationRequested)
        {
            var before = clock.Elapsed;
            try
            {
                await Task.Delay(Tick, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var late = (clock.Elapsed - before - Tick).Ticks;
            if (late > Interlocked.Read(ref _worstTicks))
                Interlocked.Exchange(ref _worstTicks, late);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
