using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Builds;

public sealed partial class BuiltImageCache
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Removed built image {Tag} ({Bytes} bytes) to keep the build cache within its budget")]
    private partial void LogRemoved(string tag, long bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not remove built image {Tag} ({Status})")]
    private partial void LogRemoveFailed(string tag, System.Net.HttpStatusCode status);
}
