using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// The durable deliveries: each subscription's log, and the pending ones by due time, which any silo may claim. Redis in
/// cluster mode (<see cref="RedisWebhookDeliveryStore"/>), memory in embedded mode.
/// </summary>
public interface IWebhookDeliveryStore
{
    /// <summary>Adds new pending deliveries, due now; a delivery whose id exists already is left as it is (an event read twice).</summary>
    Task EnqueueAsync(IReadOnlyList<WebhookWork> deliveries);

    /// <summary>
    /// Up to <paramref name="max"/> deliveries due at <paramref name="now"/>, each held until <paramref name="now"/> +
    /// <paramref name="lease"/> (after which another silo may claim it again, if this one died).
    /// </summary>
    Task<IReadOnlyList<WebhookWork>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max);

    /// <summary>Stores the delivery after an attempt: due again at its <see cref="WebhookDelivery.NextAttemptAt"/> while pending, else no longer due.</summary>
    Task SaveAsync(WebhookWork work);

    /// <summary>The subscription's newest deliveries, newest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListAsync(string subscriptionId, int limit);

    /// <summary>The delivery, or null.</summary>
    Task<WebhookWork?> GetAsync(string deliveryId);
}
