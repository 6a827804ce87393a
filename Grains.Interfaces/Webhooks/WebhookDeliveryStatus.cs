namespace JobScheduler.Grains.Interfaces;

/// <summary>Where a webhook delivery is. Values are persisted by name; add new ones at the end.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet: its next attempt is due at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending = 0,

    /// <summary>The receiver answered 2xx.</summary>
    Succeeded = 1,

    /// <summary>Every attempt of the retry window failed (or the subscription went away); it can be sent again.</summary>
    DeadLettered = 2,
}
