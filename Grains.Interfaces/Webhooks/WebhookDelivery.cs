namespace JobScheduler.Grains.Interfaces;

/// <summary>One event posted (or to be posted) to one subscription: an entry of the subscription's delivery log.</summary>
[GenerateSerializer, Alias("JobScheduler.WebhookDelivery")]
public sealed record WebhookDelivery
{
    /// <summary>The delivery's id: the subscription's id and the event's id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The subscription.</summary>
    [Id(1)] public required string SubscriptionId { get; init; }

    /// <summary>The event's id, sent as <c>webhook-id</c>: the same on every attempt, for the receiver to deduplicate on.</summary>
    [Id(2)] public required string EventId { get; init; }

    /// <summary>The event's type, e.g. <c>job.succeeded</c>.</summary>
    [Id(3)] public required string Type { get; init; }

    /// <summary>The job the event is about.</summary>
    [Id(4)] public string? JobId { get; init; }

    /// <summary>Where the delivery is.</summary>
    [Id(5)] public required WebhookDeliveryStatus Status { get; init; }

    /// <summary>Attempts made since the delivery was created or last sent again.</summary>
    [Id(6)] public int Attempts { get; init; }

    /// <summary>When the delivery was created (the event was matched).</summary>
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the last attempt ended.</summary>
    [Id(8)] public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>When the next attempt is due, while <see cref="WebhookDeliveryStatus.Pending"/>.</summary>
    [Id(9)] public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The HTTP status of the last attempt, when the receiver answered.</summary>
    [Id(10)] public int? ResponseCode { get; init; }

    /// <summary>How long the last attempt took, in milliseconds.</summary>
    [Id(11)] public double? LatencyMs { get; init; }

    /// <summary>Why the last attempt failed: a short reason (never the receiver's body).</summary>
    [Id(12)] public string? Error { get; init; }
}
