using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Webhooks;

public sealed partial class WebhookGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook subscription {SubscriptionId} created by {Actor} for queue {Queue}.")]
    private partial void LogCreated(string subscriptionId, string actor, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook subscription {SubscriptionId} deleted by {Actor}.")]
    private partial void LogDeleted(string subscriptionId, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} will be sent again.")]
    private partial void LogResent(string deliveryId);
}
