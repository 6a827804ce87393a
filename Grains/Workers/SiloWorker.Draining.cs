using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Workers;

public sealed partial class SiloWorker
{
    // How often a drain looks whether the last attempt has ended.
    private static readonly TimeSpan IdlePollInterval = TimeSpan.FromMilliseconds(200);

    // Set once the silo stops: from then on nothing resumes the worker.
    private volatile bool _leaving;

    // Set when the silo has become active and the worker runs; cleared when it stops.
    private volatile bool _active;

    /// <summary>Whether the worker runs: its silo is an active cluster member and is not stopping.</summary>
    public bool IsActive => _active && !_leaving;

    /// <summary>Whether the worker takes no new work (drained through the API or locally, or its silo is stopping).</summary>
    public bool IsDraining => _draining;

    /// <summary>
    /// True when the worker runs no attempt and no claim is under way: once it is also draining, its silo can stop
    /// without failing a job.
    /// </summary>
    public bool IsIdle
    {
        get
        {
            lock (_drainLock)
                return !_pulling && _running.IsEmpty;
        }
    }

    /// <summary>
    /// Stops (or resumes) taking new work; running attempts are not touched. A worker whose silo is stopping stays
    /// drained whatever is asked.
    /// </summary>
    public Task<WorkerStatus> SetDrainingAsync(bool draining)
    {
        if (!draining && _leaving)
        {
            LogResumeRefused(Id);
            return GetStatusAsync();
        }
        lock (_drainLock)
        {
            if (_draining != draining)
                LogDraining(Id, draining, _running.Count);
            _draining = draining;
        }
        if (!draining)
            WakeUp();
        return GetStatusAsync();
    }

    /// <summary>
    /// The silo's graceful stop: takes no new work at once, lets the running attempts finish for up to
    /// <see cref="WorkerOptions.DrainTimeout"/>, then kills what still runs. Those attempts are reported with reason
    /// <c>worker-stopped</c> (an infrastructure failure, retried by the job's policy on another silo), so a job never
    /// stays Running on a silo that is gone. The silo is still a full cluster member meanwhile (this runs in the
    /// Active stage, before it leaves): heartbeats renew the leases and results are reported as usual.
    /// </summary>
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        _active = false;
        lock (_drainLock)
            _draining = true;
        if (!IsIdle)
        {
            var running = _running.Count;
            LogStopDraining(Id, running, _options.DrainTimeout);
            var began = time.GetUtcNow();
            if (await WaitUntilIdleAsync(_options.DrainTimeout, cancellationToken))
                LogStopDrained(Id, running, time.GetUtcNow() - began);
            else
                LogStopDrainTimedOut(Id, _running.Count, _options.DrainTimeout);
        }

        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _heartbeats.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_attemptTasks.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Waits until <see cref="IsIdle"/>, at most <paramref name="timeout"/>; false when work still runs then.</summary>
    private async Task<bool> WaitUntilIdleAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        while (!IsIdle)
        {
            try
            {
                await Task.Delay(IdlePollInterval, time, wait.Token);
            }
            catch (OperationCanceledException)
            {
                return IsIdle;
            }
        }
        return true;
    }
}
