using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Webhooks;

/// <summary>The persisted subscriptions, each with its secret sealed by the silos' key ring.</summary>
[GenerateSerializer, Alias("JobScheduler.WebhookState")]
public sealed class WebhookState
{
    /// <summary>Every subscription, oldest first.</summary>
    [Id(0)] public List<WebhookTarget> Targets { get; set; } = [];
}
