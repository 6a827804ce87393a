namespace JobScheduler.Grains.Interfaces;

/// <summary>A subscription with its secret sealed by the silos' key ring: what the delivering silos read; useless without that ring.</summary>
[GenerateSerializer, Alias("JobScheduler.WebhookTarget")]
public sealed record WebhookTarget
{
    /// <summary>The subscription.</summary>
    [Id(0)] public required WebhookSubscription Subscription { get; init; }

    /// <summary>The secret, encrypted with the silos' data-protection key ring.</summary>
    [Id(1)] public required string SealedSecret { get; init; }
}
