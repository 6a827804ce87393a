using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Webhooks;

public sealed partial class WebhookDispatcher
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} dead-lettered after {Attempts} attempts: {Reason}.")]
    private partial void LogDeadLettered(string deliveryId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The secret of job subscription {SubscriptionId} cannot be opened with this silo's key ring.")]
    private partial void LogJobSecretUnreadable(Exception exception, string subscriptionId);
}
