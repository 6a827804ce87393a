using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Events;

/// <summary>
/// How schedules and workflows add their events once their own state is persisted: in order, and without failing the
/// change they describe when Redis refuses the append (the change stands; the event is lost and the loss logged).
/// Job transitions do not come here: the job index writes them in the same script as the index update.
/// </summary>
public sealed partial class EventAppender(IEventLog log, ILogger<EventAppender> logger)
{
    /// <summary>Appends <paramref name="events"/> one after another.</summary>
    public async Task AppendAsync(IReadOnlyList<SchedulerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            try
            {
                await log.AppendAsync(e);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                LogAppendFailed(ex, e.Kind, e.WorkflowId ?? e.ScheduleId ?? e.JobId);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} event of {Subject} could not be added to the event log; the change itself is stored.")]
    private partial void LogAppendFailed(Exception exception, SchedulerEventKind kind, string? subject);
}
