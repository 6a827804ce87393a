using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Indexing;

public sealed partial class RedisWorkflowIndex
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The index summary of workflow {WorkflowId} is not valid JSON; it is left out of listings.")]
    private static partial void LogUnreadableSummary(ILogger logger, Exception exception, string workflowId);
}
