using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Webhooks;

/// <summary>A delivery with what it needs to be attempted: the signed payload and the start of its retry window.</summary>
/// <param name="Delivery">The delivery log entry.</param>
/// <param name="Payload">The JSON body posted (the same bytes on every attempt).</param>
/// <param name="WindowStart">When the current retry window began (creation, or the last resend).</param>
public sealed record WebhookWork(WebhookDelivery Delivery, string Payload, DateTimeOffset WindowStart);
