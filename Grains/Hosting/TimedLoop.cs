using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// The one shape of the silo's background loops: run an iteration, then wait on the <see cref="TimeProvider"/>
/// for the interval (lengthened by jitter) or until <see cref="WakeEarly"/>; after a failure, log it and wait a
/// backoff that doubles with each failure in a row (or <see cref="TimedLoopSettings.UnforeseenBackoff"/> after a
/// failure its owner calls unforeseen); end when the iteration says it is done, after
/// <see cref="TimedLoopSettings.MaxFailures"/> failures in a row, or when stopped.
/// </summary>
/// <remarks>
/// A failure is any exception but the cancellation of a stop; it never ends the loop by itself (unless
/// <see cref="TimedLoopSettings.MaxFailures"/> says so), since each loop's work is retried by its next iteration.
/// </remarks>
public sealed partial class TimedLoop : IAsyncDisposable
{
    private readonly TimedLoopSettings _settings;
    private readonly Func<CancellationToken, Task<TimedLoopStep>> _iteration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private Task _run = Task.CompletedTask;

    /// <summary>Creates a loop that is not started yet.</summary>
    /// <param name="settings">Its pace.</param>
    /// <param name="iteration">One round of its work; it is given the stop's token.</param>
    /// <param name="time">The clock its waits run on.</param>
    /// <param name="logger">Where failures and the end are logged.</param>
    /// <param name="random">A source of numbers in [0, 1) for the jitter. Default: <see cref="Random.Shared"/>.</param>
    public TimedLoop(
        TimedLoopSettings settings,
        Func<CancellationToken, Task<TimedLoopStep>> iteration,
        TimeProvider time,
        ILogger logger,
        Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Interval, TimeSpan.Zero);
        _settings = settings;
        _iteration = iteration;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The loop's task: it completes when the loop ends, by itself or by <see cref="StopAsync"/>.</summary>
    public Task Completion => _run;

    /// <summary>Starts the loop in the background; the caller never waits for an iteration.</summary>
    /// <param name="stopping">Also stops the loop when cancelled, as <see cref="StopAsync"/> does.</param>
    public void Start(CancellationToken stopping = default)
    {
        var token = stopping.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, stopping).Token
            : _stopping.Token;
        _run = Task.Run(() => RunAsync(token), CancellationToken.None);
    }

    /// <summary>Cuts the current wait short, so that the next iteration runs at once; a wake during an iteration is kept for after it.</summary>
    public void WakeEarly()
    {
        // A wake-up is already pending: one is enough. Checked first because callers on the job path (an event appended,
        // an attempt ended) wake far more often than the loop runs, and a refused release throws.
        if (_wake.CurrentCount > 0)
            return;
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another caller's wake-up got in between the check and the release.
        }
    }

    /// <summary>Cancels the loop and waits for it to end, or for <paramref name="cancellationToken"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync();
        await _run.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        if (_settings.FirstDelay > TimeSpan.Zero && !await WaitAsync(_settings.FirstDelay, stopping))
            return;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            TimedLoopStep step;
            try
            {
                step = await _iteration(stopping);
                failures = 0;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                failures++;
                if (failures >= _settings.MaxFailures)
                {
                    LogGaveUp(e, _settings.Name, failures);
                    return;
                }
                var backoff = BackoffAfter(failures);
                if (_settings.IsUnforeseen?.Invoke(e) == true)
                {
                    backoff = _settings.UnforeseenBackoff ?? backoff;
                    LogIterationBroken(e, _settings.Name, failures, backoff);
                }
                else
                {
                    LogIterationFailed(e, _settings.Name, failures, backoff);
                }
                if (!await WaitAsync(backoff, stopping))
                    return;
                continue;
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Stopping: whatever the iteration was doing is cut short on purpose.
                return;
            }

            if (step == TimedLoopStep.Done)
            {
                LogDone(_settings.Name);
                return;
            }
            if (step == TimedLoopStep.Wait && !await WaitAsync(_settings.Interval, stopping))
                return;
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row: the first backoff doubled per further failure, capped.</summary>
    internal TimeSpan BackoffAfter(int failures)
    {
        var first = _settings.Backoff ?? _settings.Interval;
        var max = _settings.MaxBackoff ?? first * 4;
        var backoff = first;
        for (var i = 1; i < failures && backoff < max; i++)
            backoff *= 2;
        return backoff < max ? backoff : max;
    }

    /// <summary>Waits <paramref name="delay"/> plus jitter or until woken; false when the loop is stopping.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        var wait = delay + _settings.Jitter * _random();
        using var elapsed = new CancellationTokenSource(wait, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, elapsed.Token);
        try
        {
            await _wake.WaitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            // The wait ran out (go on) or the loop is stopping (end).
        }
        return !stopping.IsCancellationRequested;
    }
}
