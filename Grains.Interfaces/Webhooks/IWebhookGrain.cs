namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The cluster's webhook subscriptions (one grain, key 0) and the door to their delivery logs. Deliveries themselves are
/// made by a background service on every silo, never in this grain's turns.
/// </summary>
[Alias("JobScheduler.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithIntegerKey
{
    /// <summary>Creates a subscription; the answer holds its secret, this once. Throws <see cref="ArgumentException"/> for an invalid request.</summary>
    [Alias("Create")]
    Task<WebhookCreated> Create(WebhookRequest request, string actor);

    /// <summary>Every subscription, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<WebhookSubscription>> List();

    /// <summary>The subscription (a managed one, or a job's own <c>whj_…</c> made from its notify list), or null.</summary>
    [Alias("Get")]
    Task<WebhookSubscription?> Get(string id);

    /// <summary>Deletes the subscription; its pending deliveries are dropped when they come due. False when unknown or a job's own (which ends with its job).</summary>
    [Alias("Delete")]
    Task<bool> Delete(string id, string actor);

    /// <summary>Every subscription with its sealed secret (for the delivering silos).</summary>
    [Alias("Targets")]
    Task<IReadOnlyList<WebhookTarget>> Targets();

    /// <summary>The subscription's newest deliveries, newest first, at most <paramref name="limit"/>.</summary>
    [Alias("Deliveries")]
    Task<IReadOnlyList<WebhookDelivery>> Deliveries(string id, int limit);

    /// <summary>Sends a delivery again (a dead-lettered one, or any other): it becomes pending, due now, with a new retry window; null when unknown.</summary>
    [Alias("Resend")]
    Task<WebhookDelivery?> Resend(string id, string deliveryId);
}
