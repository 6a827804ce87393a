using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>The webhooks page's calls: subscriptions and their delivery logs (<c>/api/v1/webhooks</c>, scope operate).</summary>
public sealed partial class UiApiClient
{
    /// <summary>The subscriptions the key may see, oldest first.</summary>
    public Task<ApiResult<WebhookSubscription[]>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        GetAsync<WebhookSubscription[]>("api/v1/webhooks", cancellationToken);

    /// <summary>One subscription: a managed one, or a job's own (<c>whj_…</c>).</summary>
    public Task<ApiResult<WebhookSubscription>> GetWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<WebhookSubscription>(WebhookPath(id), cancellationToken);

    /// <summary>Creates a subscription; the answer holds its secret, this once.</summary>
    public Task<ApiResult<WebhookCreated>> CreateWebhookAsync(WebhookRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<WebhookCreated>("api/v1/webhooks", request, cancellationToken);

    /// <summary>Deletes a subscription.</summary>
    public Task<ApiResult<bool>> DeleteWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        DeleteAsync(WebhookPath(id), cancellationToken);

    /// <summary>The subscription's delivery log, newest first.</summary>
    public Task<ApiResult<WebhookDelivery[]>> ListWebhookDeliveriesAsync(string id, int limit, CancellationToken cancellationToken = default) =>
        GetAsync<WebhookDelivery[]>($"{WebhookPath(id)}/deliveries?limit={limit}", cancellationToken);

    /// <summary>Sends a delivery again.</summary>
    public Task<ApiResult<WebhookDelivery>> ResendWebhookDeliveryAsync(string id, string deliveryId, CancellationToken cancellationToken = default) =>
        PostAsync<WebhookDelivery>($"{WebhookPath(id)}/deliveries/{Uri.EscapeDataString(deliveryId)}/resend", cancellationToken: cancellationToken);

    private static string WebhookPath(string id) => $"api/v1/webhooks/{Uri.EscapeDataString(id)}";
}
