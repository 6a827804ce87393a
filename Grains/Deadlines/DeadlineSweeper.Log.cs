using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Deadlines;

internal sealed partial class DeadlineSweeper
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweeper starting: every {SweepInterval}, batches of {BatchSize}, redelivery after {RedeliverAfter}")]
    private partial void LogStarting(TimeSpan sweepInterval, int batchSize, TimeSpan redeliverAfter);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Poked {Count} overdue jobs in {Elapsed}")]
    private partial void LogSwept(int count, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poking overdue job {JobId} failed; it is claimed again after {RedeliverAfter}")]
    private partial void LogPokeFailed(Exception exception, string jobId, TimeSpan redeliverAfter);
}
