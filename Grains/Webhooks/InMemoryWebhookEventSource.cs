using JobScheduler.Grains.Events;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Webhooks;

/// <summary>Reads the in-memory event ring (embedded mode: one process, so nothing to hand over), from the events after its start.</summary>
public sealed class InMemoryWebhookEventSource(IEventLog log) : IWebhookEventSource
{
    private EventPosition? _position;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchedulerEvent>> ReadAsync(int count)
    {
        _position ??= await log.LatestAsync();
        var events = await log.ReadAfterAsync(_position.Value, count);
        if (events.Count > 0)
            _position = EventPosition.Parse(events[^1].Id);
        return events;
    }

    /// <inheritdoc />
    public Task AcknowledgeAsync(IReadOnlyList<SchedulerEvent> events) => Task.CompletedTask;
}
