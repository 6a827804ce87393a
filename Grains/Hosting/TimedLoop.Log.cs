using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Hosting;

public sealed partial class TimedLoop
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop} failed ({Failures} in a row); trying again in {Backoff}")]
    private partial void LogIterationFailed(Exception exception, string loop, int failures, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loop} failed unexpectedly ({Failures} in a row); trying again in {Backoff}")]
    private partial void LogIterationBroken(Exception exception, string loop, int failures, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop} failed {Failures} times in a row; giving up")]
    private partial void LogGaveUp(Exception exception, string loop, int failures);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Loop} is done")]
    private partial void LogDone(string loop);
}
