using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// The events the webhook fan-out reads: each event is handed to one silo, and handed again (to any silo) when it is not
/// acknowledged in time — a Redis consumer group in cluster mode, the in-memory ring in embedded mode.
/// </summary>
public interface IWebhookEventSource
{
    /// <summary>Up to <paramref name="count"/> events not yet handed out, or handed to a silo that did not acknowledge them in time.</summary>
    Task<IReadOnlyList<SchedulerEvent>> ReadAsync(int count);

    /// <summary>Acknowledges events whose deliveries are stored.</summary>
    Task AcknowledgeAsync(IReadOnlyList<SchedulerEvent> events);
}
