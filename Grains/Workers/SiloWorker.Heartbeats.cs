using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Queues;

namespace JobScheduler.Grains.Workers;

public sealed partial class SiloWorker
{
    private static readonly TimeSpan ImageRefreshInterval = TimeSpan.FromSeconds(30);
    private IReadOnlyList<string> _images = [];
    private DateTimeOffset _nextImageRefresh;
    private DateTimeOffset? _lastHeartbeat;

    /// <summary>
    /// Renews the lease of every running attempt. An attempt its job no longer recognises (the lease ran
    /// out while this silo was frozen or cut off, and a newer attempt took over) is killed at once.
    /// </summary>
    private async Task RunHeartbeatsAsync(CancellationToken stopping)
    {
        var interval = leaseOptions.Value.HeartbeatInterval;
        var loop = new TimedLoop(
            new TimedLoopSettings { Name = "SiloWorker heartbeats", Interval = interval, FirstDelay = interval, MaxBackoff = interval },
            async token =>
            {
                await Task.WhenAll(_running.Values.Select(HeartbeatAsync));
                await RefreshImagesIfDueAsync(token);
                ReportRunningToQueues();
                _lastHeartbeat = time.GetUtcNow();
                return TimedLoopStep.Wait;
            },
            time,
            logger);
        loop.Start(stopping);
        await loop.Completion;
    }

    /// <summary>
    /// Tells every queue this worker knows which of its jobs run here (none included), so queues count their
    /// running jobs right after a lost release, a dead worker or their own re-activation.
    /// </summary>
    private void ReportRunningToQueues()
    {
        var byQueue = _running.Values.ToLookup(r => r.Queue, StringComparer.Ordinal);
        foreach (var queue in _knownQueues.Union(byQueue.Select(g => g.Key), StringComparer.Ordinal))
        {
            RunningJob[] running = [.. byQueue[queue].Select(r => new RunningJob { JobId = r.JobId, ConcurrencyKey = r.ConcurrencyKey })];
            grains.Get<IQueueProtocolGrain>(queue).ReportRunning(Id, running, _images).Ignore();
        }
    }

    private async Task RefreshImagesIfDueAsync(CancellationToken stopping)
    {
        if (time.GetUtcNow() < _nextImageRefresh)
            return;
        _nextImageRefresh = time.GetUtcNow() + ImageRefreshInterval;
        try
        {
            _images = await runtime.ListImagesAsync(stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only a preference depends on it: keep the last list.
            LogImageListFailed(e);
        }
    }

    private async Task HeartbeatAsync(RunningAttempt running)
    {
        try
        {
            if (!await grains.Get<IJobProtocolGrain>(running.JobId).Heartbeat(running.Attempt))
            {
                LogLeaseLost(running.JobId, running.Attempt);
                await running.Cancellation.CancelAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One missed heartbeat is within the lease's margin; the next one tries again.
            LogHeartbeatFailed(e, running.JobId, running.Attempt);
        }
    }
}
