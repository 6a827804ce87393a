using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Workers;

public sealed partial class SiloWorker
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} starting with {Slots} slots on {Endpoint}")]
    private partial void LogStarting(string worker, int slots, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pulling work failed; retrying at the next poll")]
    private partial void LogPullFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelling job {JobId} attempt {Attempt}")]
    private partial void LogCancelling(string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the start of job {JobId} attempt {Attempt}")]
    private partial void LogReportStartedFailed(Exception exception, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result of job {JobId} attempt {Attempt} was rejected as stale")]
    private partial void LogResultRejected(string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting the result of job {JobId} attempt {Attempt} failed; retrying in {Delay}")]
    private partial void LogReportRetry(Exception exception, string jobId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} attempt {Attempt} was abandoned: its result could not be reported")]
    private partial void LogAttemptAbandoned(Exception exception, string jobId, int attempt);
}
