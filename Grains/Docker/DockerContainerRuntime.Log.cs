using System.Net;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Docker;

public sealed partial class DockerContainerRuntime
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt}: pulling image {Image}")]
    private partial void LogPullingImage(string jobId, int attempt, string image);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt}: image {Image} is unavailable ({Category}): {EngineMessage}")]
    private partial void LogImageUnavailable(string jobId, int attempt, string image, string category, string engineMessage);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Job {JobId} attempt {Attempt}: created container {ContainerId} from {Image}")]
    private partial void LogContainerCreated(string jobId, int attempt, string containerId, string image);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt}: container {ContainerId} started")]
    private partial void LogContainerStarted(string jobId, int attempt, string containerId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt}: killing container {ContainerId} ({Reason})")]
    private partial void LogKilling(string jobId, int attempt, string containerId, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt}: ended with exit code {ExitCode}, failure reason {FailureReason}")]
    private partial void LogAttemptEnded(string jobId, int attempt, int? exitCode, string? failureReason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Job {JobId} attempt {Attempt}: removed container {ContainerId}")]
    private partial void LogContainerRemoved(string jobId, int attempt, string containerId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt}: could not remove container {ContainerId}: {Error}")]
    private partial void LogRemoveFailed(string jobId, int attempt, string containerId, string error);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Job {JobId} attempt {Attempt}: Docker engine at {Endpoint} is unavailable: {Error}")]
    private partial void LogEngineUnavailable(string jobId, int attempt, string endpoint, string error);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt}: the engine refused the container ({StatusCode}): {Error}")]
    private partial void LogContainerError(string jobId, int attempt, HttpStatusCode statusCode, string error);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt}: could not read the container's output: {Error}")]
    private partial void LogOutputUnavailable(string jobId, int attempt, string error);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Docker engine at {Endpoint} did not answer a ping: {Error}")]
    private partial void LogPingFailed(string endpoint, string error);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Container {ContainerId} carries the scheduler's labels but they are malformed ({Labels}); leaving it alone")]
    private partial void LogMalformedLabels(string containerId, string labels);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt}: following adopted container {ContainerId} (running: {Running})")]
    private partial void LogFollowing(string jobId, int attempt, string containerId, bool running);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Container {ContainerId} had exited, but the engine's wait request stayed silent for {Seconds} s")]
    private partial void LogSilentWait(string containerId, double seconds);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Docker engine at {Endpoint} did not tell its CPUs (docker info): {Error}")]
    private partial void LogInfoFailed(string endpoint, string error);
}
