using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace JobScheduler.Grains.Observability;

/// <summary>
/// Reads the index's O(1) counts by queue and state every <see cref="MetricsOptions.QueueDepthInterval"/> (one call
/// for the queue names, one per queue) and hands them to the <c>jobscheduler.queue.depth</c> gauge, so that a scrape
/// never waits on Redis. Runs on every silo, outside any grain turn; every silo reports the same cluster-wide counts.
/// </summary>
internal sealed partial class QueueDepthSampler(
    IJobIndex index,
    SchedulerMetrics metrics,
    IOptions<MetricsOptions> options,
    TimeProvider time,
    ILogger<QueueDepthSampler> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TimeSpan _interval = options.Value.QueueDepthInterval;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(QueueDepthSampler), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Reads the counts once and hands them to the gauge.</summary>
    internal async Task SampleAsync()
    {
        var depths = new Dictionary<string, IReadOnlyDictionary<JobState, long>>(StringComparer.Ordinal);
        foreach (var queue in await index.QueuesAsync())
            depths[queue] = await index.CountByStateAsync(queue);
        metrics.SetQueueDepths(depths);
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
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
