using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// Wakes every schedule when a silo becomes active, so that after the cluster was down each schedule applies its
/// misfire policy at once instead of at its next reminder tick (which Orleans aligns to the reminder's period, up to a
/// minute later). Runs in the background and retries a few times: start-up never waits on it.
/// </summary>
internal sealed partial class ScheduleWakeup(IGrainFactory grains, ILogger<ScheduleWakeup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private const int Attempts = 5;
    private readonly CancellationTokenSource _stopping = new();
    private Task _wake = Task.CompletedTask;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ScheduleWakeup), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _wake = Task.Run(() => WakeAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _wake.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WakeAsync(CancellationToken stopping)
    {
        for (var attempt = 1; attempt <= Attempts && !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                var woken = await grains.GetGrain<IScheduleCatalogProtocolGrain>(0).WakeAll().WaitAsync(stopping);
                LogWoken(woken);
                return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && !stopping.IsCancellationRequested)
            {
                // The cluster may still be forming; the reminders remain the net if every attempt fails.
                LogWakeFailed(e, attempt, Attempts);
                await Task.Delay(RetryDelay, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Woke {Count} schedule(s) to catch up on missed occurrences")]
    private partial void LogWoken(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the schedules (attempt {Attempt} of {Attempts})")]
    private partial void LogWakeFailed(Exception exception, int attempt, int attempts);
}
