using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Webhooks;

public sealed partial class WebhookTargets
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The secret of webhook subscription {SubscriptionId} cannot be opened with this silo's key ring; its events are not delivered by this silo.")]
    private partial void LogSecretUnreadable(Exception exception, string subscriptionId);
}
