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
internal sealed partial class QueueDepthSampler(
    IJobIndex index,
    SchedulerMetrics metrics,
    IOptions<MetricsOptions> options,
    TimeProvider time,
    ILogger<QueueDepthSampler> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TimeSpan _interval = options.Value.QueueDepthInterval;
    private readonly bool _enabled = options.Value.Enabled;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

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

    private Task StartAsync(CancellationToken cancellationToken)
    {
        // Metrics off: nobody reads the gauge, so Redis is not asked.
        if (!_enabled)
            return Task.CompletedTask;
        _loop = Task.Run(() => RunLoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await SampleAsync();
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // Redis unreachable or slow: the gauge keeps the last counts it had; the next sample tries again.
                LogSampleFailed(e, _interval);
            }
            try
            {
                await Task.Delay(_interval, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the queue depths for the metrics failed; trying again in {Interval}")]
    private partial void LogSampleFailed(Exception exception, TimeSpan interval);
}
