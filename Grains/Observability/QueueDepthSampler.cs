using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace JobScheduler.Grains.Observability;

/// <summary>
/// Reads the index's O(1) counts by queue and state and each queue's oldest ready job (the lowest entry of its ready
/// set) every <see cref="MetricsOptions.QueueDepthInterval"/> (one call for the queue names, one round trip per queue)
/// and hands them to the <c>jobscheduler.queue.depth</c> and <c>jobscheduler.queue.oldest_ready_age</c> gauges, so that
/// a scrape never waits on Redis. Runs on every silo, outside any grain turn; every silo reports the same cluster-wide counts.
/// </summary>
internal sealed class QueueDepthSampler(
    IJobIndex index,
    SchedulerMetrics metrics,
    IOptions<MetricsOptions> options,
    TimeProvider time,
    ILogger<QueueDepthSampler> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TimeSpan _interval = options.Value.QueueDepthInterval;
    private readonly bool _enabled = options.Value.Enabled;
    private TimedLoop? _loop;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(QueueDepthSampler), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Reads the counts and the oldest ready job of every queue once and hands them to the gauges.</summary>
    internal async Task SampleAsync()
    {
        var depths = new Dictionary<string, IReadOnlyDictionary<JobState, long>>(StringComparer.Ordinal);
        var oldest = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var queue in await index.QueuesAsync())
        {
            // Both reads are sent before either answer is awaited: one round trip per queue.
            var counts = index.CountByStateAsync(queue);
            var since = index.OldestReadySinceAsync(queue);
            depths[queue] = await counts;
            oldest[queue] = await since;
            metrics.QueueSeen(queue);
        }
        metrics.SetQueueDepths(depths);
        metrics.SetOldestReady(oldest);
    }

    /// <summary>Starts the loop (when metrics are on); its first sample is read at once.</summary>
    internal Task StartAsync(CancellationToken cancellationToken)
    {
        // Metrics off: nobody reads the gauge, so Redis is not asked.
        if (!_enabled)
            return Task.CompletedTask;
        // Redis unreachable or slow: the loop logs the failure, the gauge keeps the last counts it had, and the next
        // sample, one interval later, tries again.
        _loop = new TimedLoop(
            new TimedLoopSettings { Name = nameof(QueueDepthSampler), Interval = _interval, MaxBackoff = _interval },
            async _ =>
            {
                await SampleAsync();
                return TimedLoopStep.Wait;
            },
            time,
            logger);
        _loop.Start();
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop; a sample in flight is not waited for beyond <paramref name="cancellationToken"/>.</summary>
    internal Task StopAsync(CancellationToken cancellationToken) => _loop?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
