using System.Security.Cryptography;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Secrets;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// A silo's copy of the subscriptions with their secrets opened, read from <see cref="IWebhookGrain"/>: again when it is
/// older than the events being matched (so a subscription created just before an event is never missed), and at least
/// every few seconds for the senders.
/// </summary>
public sealed partial class WebhookTargets(IGrainFactory grains, SecretEnvProtector protector, TimeProvider time, ILogger<WebhookTargets> logger)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot _current = new(new Dictionary<string, (WebhookSubscription, string)>(), DateTimeOffset.MinValue);

    /// <summary>The subscriptions as of a read that started after <paramref name="notBefore"/> (or within the last few seconds).</summary>
    public async Task<IReadOnlyDictionary<string, (WebhookSubscription Subscription, string Secret)>> GetAsync(DateTimeOffset notBefore)
    {
        var current = _current;
        if (current.ReadAt >= notBefore && time.GetUtcNow() - current.ReadAt < MaxAge)
            return current.Targets;
        await _loading.WaitAsync();
        try
        {
            if (_current.ReadAt >= notBefore && time.GetUtcNow() - _current.ReadAt < MaxAge)
                return _current.Targets;
            var readAt = time.GetUtcNow();
            var targets = await grains.GetGrain<IWebhookGrain>(0).Targets();
            var opened = new Dictionary<string, (WebhookSubscription, string)>(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                try
                {
                    opened[target.Subscription.Id] = (target.Subscription, WebhookSecrets.Unseal(protector, target.Subscription.Id, target.SealedSecret));
                }
                catch (CryptographicException e)
                {
                    LogSecretUnreadable(e, target.Subscription.Id);
                }
            }
            _current = new Snapshot(opened, readAt);
            return opened;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, (WebhookSubscription Subscription, string Secret)> Targets, DateTimeOffset ReadAt);
}
