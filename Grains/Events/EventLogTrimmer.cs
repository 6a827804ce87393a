using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Events;

/// <summary>
/// Drops events older than <see cref="EventLogOptions.MaxAge"/> every <see cref="EventLogOptions.TrimInterval"/>; every
/// silo runs one, which is harmless (a trim that finds nothing old is one cheap command). Length is bounded as events are
/// added, so this only bounds age on a quiet cluster.
/// </summary>
internal sealed partial class EventLogTrimmer(
    IEventLog log,
    IOptions<EventLogOptions> options,
    TimeProvider time,
    ILogger<EventLogTrimmer> logger) : BackgroundService
{
    private readonly EventLogOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.TrimInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await log.TrimOlderThanAsync(time.GetUtcNow() - _options.MaxAge);
                }
                catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // Redis away: the events stay until a later tick; the stream's length stays bounded by its appends.
                    LogTrimFailed(e, _options.TrimInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not trim the event log by age; trying again in {Interval}.")]
    private partial void LogTrimFailed(Exception exception, TimeSpan interval);
}
