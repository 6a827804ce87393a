namespace JobScheduler.Client.Api.Ui.Components;

/// <summary>The logs of <see cref="OperationsPage"/>.</summary>
internal static partial class OperationsPageLog
{
    /// <summary>The page's event stream broke; it is reopened with Last-Event-ID.</summary>
    [LoggerMessage(EventId = 9301, Level = LogLevel.Debug, Message = "A page's event stream dropped; reopening it")]
    public static partial void EventStreamDropped(ILogger logger, Exception exception);
}
