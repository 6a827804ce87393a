namespace JobScheduler.Client.Api.Ui.Services;

public sealed partial class UiEventFeed
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "The UI's event stream dropped; reopening it")]
    private partial void LogDropped(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The API refused the UI's event stream ({Status}); pages refresh on their timers")]
    private partial void LogRefused(int status);
}
