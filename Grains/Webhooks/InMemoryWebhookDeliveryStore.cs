using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Webhooks;

/// <summary>Deliveries in memory (embedded mode), with the same rules as <see cref="RedisWebhookDeliveryStore"/>; a restart empties it.</summary>
public sealed class InMemoryWebhookDeliveryStore(IOptions<WebhookOptions> options) : IWebhookDeliveryStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, WebhookWork> _deliveries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _logs = new(StringComparer.Ordinal);
    private readonly int _logLength = options.Value.LogLength;

    /// <inheritdoc />
    public Task EnqueueAsync(IReadOnlyList<WebhookWork> deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        lock (_lock)
        {
            foreach (var work in deliveries)
            {
                var id = work.Delivery.Id;
                if (!_deliveries.TryAdd(id, work))
                    continue;
                _due[id] = work.Delivery.CreatedAt;
                if (!_logs.TryGetValue(work.Delivery.SubscriptionId, out var log))
                    _logs[work.Delivery.SubscriptionId] = log = [];
                log.Add(id);
                if (log.Count > _logLength)
                {
                    var dropped = log[0];
                    log.RemoveAt(0);
                    if (!_due.ContainsKey(dropped))
                        _deliveries.Remove(dropped);
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookWork>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max)
    {
        lock (_lock)
        {
            var claimed = _due.Where(d => d.Value <= now).OrderBy(d => d.Value).Take(max).Select(d => d.Key).ToList();
            foreach (var id in claimed)
                _due[id] = now + lease;
            return Task.FromResult<IReadOnlyList<WebhookWork>>([.. claimed.Select(id => _deliveries[id])]);
        }
    }

    /// <inheritdoc />
    public Task SaveAsync(WebhookWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_lock)
        {
            _deliveries[work.Delivery.Id] = work;
            if (work.Delivery is { Status: WebhookDeliveryStatus.Pending, NextAttemptAt: { } next })
                _due[work.Delivery.Id] = next;
            else
                _due.Remove(work.Delivery.Id);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookDelivery>> ListAsync(string subscriptionId, int limit)
    {
        lock (_lock)
        {
            if (!_logs.TryGetValue(subscriptionId, out var log))
                return Task.FromResult<IReadOnlyList<WebhookDelivery>>([]);
            return Task.FromResult<IReadOnlyList<WebhookDelivery>>(
                [.. Enumerable.Reverse(log).Take(limit).Where(_deliveries.ContainsKey).Select(id => _deliveries[id].Delivery)]);
        }
    }

    /// <inheritdoc />
    public Task<WebhookWork?> GetAsync(string deliveryId)
    {
        lock (_lock)
            return Task.FromResult(_deliveries.GetValueOrDefault(deliveryId));
    }
}
