namespace JobScheduler.Grains.Interfaces;

/// <summary>A new subscription with its signing secret, shown this once.</summary>
[GenerateSerializer, Alias("JobScheduler.WebhookCreated")]
public sealed record WebhookCreated
{
    /// <summary>The subscription.</summary>
    [Id(0)] public required WebhookSubscription Subscription { get; init; }

    /// <summary>The signing secret in the Standard Webhooks form, <c>whsec_</c> and base64 of 32 random bytes.</summary>
    [Id(1)] public required string Secret { get; init; }
}
