using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// Wakes every schedule when a silo becomes active, so that after the cluster was down each schedule applies its
/// misfire policy at once instead of at its next reminder tick (which Orleans aligns to the reminder's period, up to a
/// minute later). Runs in the background and tries <see cref="ScheduleOptions.WakeAttempts"/> times,
/// <see cref="ScheduleOptions.WakeRetryDelay"/> apart: start-up never waits on it.
/// </summary>
internal sealed partial class ScheduleWakeup(
    IGrainFactory grains,
    IOptions<ScheduleOptions> options,
    TimeProvider time,
    ILogger<ScheduleWakeup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private TimedLoop? _loop;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ScheduleWakeup), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>The wake-up's loop, for tests: it completes after the wake-up or the last failed attempt.</summary>
    internal Task Completion => _loop?.Completion ?? Task.CompletedTask;

    internal Task StartAsync(CancellationToken cancellationToken)
    {
        var retryDelay = options.Value.WakeRetryDelay;
        // The cluster may still be forming; the loop logs each failure, and the reminders remain the net if every
        // attempt fails.
        _loop = new TimedLoop(
            new TimedLoopSettings
            {
                Name = nameof(ScheduleWakeup),
                Interval = retryDelay,
                MaxBackoff = retryDelay,
                MaxFailures = options.Value.WakeAttempts,
            },
            WakeAsync,
            time,
            logger);
        _loop.Start();
        return Task.CompletedTask;
    }

    internal Task StopAsync(CancellationToken cancellationToken) => _loop?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    private async Task<TimedLoopStep> WakeAsync(CancellationToken stopping)
    {
        var woken = await grains.GetGrain<IScheduleCatalogProtocolGrain>(0).WakeAll().WaitAsync(stopping);
        LogWoken(woken);
        return TimedLoopStep.Done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Woke {Count} schedule(s) to catch up on missed occurrences")]
    private partial void LogWoken(int count);
}
