using JobScheduler.Grains.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Events;

/// <summary>
/// Drops events older than <see cref="EventLogOptions.MaxAge"/> every <see cref="EventLogOptions.TrimInterval"/>; every
/// silo runs one, which is harmless (a trim that finds nothing old is one cheap command). Length is bounded as events are
/// added, so this only bounds age on a quiet cluster.
/// </summary>
internal sealed class EventLogTrimmer(
    IEventLog log,
    IOptions<EventLogOptions> options,
    TimeProvider time,
    ILogger<EventLogTrimmer> logger) : BackgroundService
{
    private readonly EventLogOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first trim comes one interval after the start, as every later one. Redis away: the loop logs the failure
        // and the events stay until a later trim; the stream's length stays bounded by its appends meanwhile.
        await using var loop = new TimedLoop(
            new TimedLoopSettings
            {
                Name = nameof(EventLogTrimmer),
                Interval = _options.TrimInterval,
                FirstDelay = _options.TrimInterval,
                MaxBackoff = _options.TrimInterval,
                IsUnforeseen = e => e is not (StackExchange.Redis.RedisException or TimeoutException),
            },
            async _ =>
            {
                await log.TrimOlderThanAsync(time.GetUtcNow() - _options.MaxAge);
                return TimedLoopStep.Wait;
            },
            time,
            logger);
        loop.Start(stoppingToken);
        await loop.Completion;
    }
}
