namespace JobScheduler.Grains.Interfaces;

public sealed partial class JobSchedulerClient
{
    /// <summary>Creates a webhook subscription on behalf of <paramref name="actor"/>; the answer holds its secret, this once.</summary>
    /// <exception cref="JobValidationException">The request is invalid; nothing was stored.</exception>
    public Task<WebhookCreated> CreateWebhookAsync(WebhookRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = WebhookRequestValidator.Validate(request);
        if (errors.Count > 0)
            throw new JobValidationException(errors);
        return grains.GetGrain<IWebhookGrain>(0).Create(request, actor).WaitAsync(cancellationToken);
    }

    /// <summary>Every webhook subscription, oldest first; never a secret.</summary>
    public Task<IReadOnlyList<WebhookSubscription>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        grains.GetGrain<IWebhookGrain>(0).List().WaitAsync(cancellationToken);

    /// <summary>The webhook subscription, or null when no subscription has this id.</summary>
    public Task<WebhookSubscription?> GetWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IWebhookGrain>(0).Get(id).WaitAsync(cancellationToken);

    /// <summary>Deletes the webhook subscription on behalf of <paramref name="actor"/>; false when no subscription has this id.</summary>
    public Task<bool> DeleteWebhookAsync(string id, string actor, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IWebhookGrain>(0).Delete(id, actor).WaitAsync(cancellationToken);

    /// <summary>The subscription's delivery log, newest first (at most <paramref name="limit"/>, 1-1000).</summary>
    public Task<IReadOnlyList<WebhookDelivery>> ListWebhookDeliveriesAsync(string id, int limit = 100, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IWebhookGrain>(0).Deliveries(id, Math.Clamp(limit, 1, 1000)).WaitAsync(cancellationToken);

    /// <summary>Sends a delivery again with a new retry window; null when the subscription or the delivery is unknown.</summary>
    public Task<WebhookDelivery?> ResendWebhookDeliveryAsync(string id, string deliveryId, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IWebhookGrain>(0).Resend(id, deliveryId).WaitAsync(cancellationToken);
}
