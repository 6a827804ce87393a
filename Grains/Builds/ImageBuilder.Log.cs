using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Builds;

public sealed partial class ImageBuilder
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Building image {Tag} for job {JobId} attempt {Attempt} (network {Network})")]
    private partial void LogBuilding(string jobId, int attempt, string tag, string network);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built image {Tag} for job {JobId} attempt {Attempt}")]
    private partial void LogBuilt(string jobId, int attempt, string tag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reusing built image {Tag} for job {JobId} attempt {Attempt}")]
    private partial void LogReused(string jobId, int attempt, string tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build phase of job {JobId} attempt {Attempt} failed: {Reason}")]
    private partial void LogBuildFailed(string jobId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Docker engine could not be reached while building for job {JobId} attempt {Attempt}")]
    private partial void LogEngineUnavailable(Exception exception, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the built-image cache failed")]
    private partial void LogPruneFailed(Exception exception);
}
