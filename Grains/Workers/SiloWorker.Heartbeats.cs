using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Workers;

public sealed partial class SiloWorker
{
    /// <summary>
    /// Renews the lease of every running attempt. An attempt its job no longer recognises (the lease ran
    /// out while this silo was frozen or cut off, and a newer attempt took over) is killed at once.
    /// </summary>
    private async Task RunHeartbeatsAsync(CancellationToken stopping)
    {
        var interval = leaseOptions.Value.HeartbeatInterval;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.WhenAll(_running.Values.Select(HeartbeatAsync));
        }
    }

    private async Task HeartbeatAsync(RunningAttempt running)
    {
        try
        {
            if (!await grains.GetGrain<IJobGrain>(running.JobId).Heartbeat(running.Attempt))
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
