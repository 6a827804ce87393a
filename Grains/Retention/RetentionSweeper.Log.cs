using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Retention;

internal sealed partial class RetentionSweeper
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweeper starting: finished jobs kept {Retention}, swept every {SweepInterval}, batches of {BatchSize}")]
    private partial void LogStarting(TimeSpan retention, TimeSpan sweepInterval, int batchSize);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} {State} jobs past their retention")]
    private partial void LogSwept(int count, JobState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired {State} jobs failed; trying again in {SweepInterval}")]
    private partial void LogSweepFailed(Exception exception, JobState state, TimeSpan sweepInterval);
}
