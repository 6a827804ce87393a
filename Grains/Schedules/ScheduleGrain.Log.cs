using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Schedules;

public sealed partial class ScheduleGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} created: '{Cron}' in {TimeZone}, next occurrence {NextOccurrence}")]
    private partial void LogCreated(string scheduleId, string cron, string timeZone, DateTimeOffset? nextOccurrence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} deleted")]
    private partial void LogDeleted(string scheduleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} started job {JobId} for occurrence {Occurrence} ({Kind})")]
    private partial void LogFired(string scheduleId, DateTimeOffset occurrence, ScheduleRunKind kind, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId} could not submit job {JobId}; the next reconcile submits it again")]
    private partial void LogSubmitFailed(Exception exception, string scheduleId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: run {JobId} could not start, the server or its queue refuses the template: {Reason}")]
    private partial void LogRunRefused(string scheduleId, string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} refused: {Actor} already holds {MaxSchedules} schedules")]
    private partial void LogQuotaReached(string scheduleId, string actor, int maxSchedules);
}
