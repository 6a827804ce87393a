using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Jobs;

public sealed partial class JobGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} accepted as {State}, due at {DueAt:O}")]
    private partial void LogSubmitted(string jobId, JobState state, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt}: {From} -> {To} {Reason}")]
    private partial void LogTransition(string jobId, int attempt, JobState from, JobState to, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-lettered job {JobId} deleted")]
    private partial void LogDeleted(string jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} ({State}) deleted: finished more than {Retention} ago")]
    private partial void LogExpired(string jobId, JobState state, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} rejected {Event}: {Reason}")]
    private partial void LogRejected(string jobId, string @event, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt} is cancelled, but its worker {Worker} could not be reached to kill the container now")]
    private partial void LogWorkerUnreachable(Exception exception, string jobId, int attempt, string worker);
}
