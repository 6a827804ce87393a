using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Outbound;
using JobScheduler.Grains.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// Every silo's webhook deliverer, outside any grain turn. One loop reads events (<see cref="IWebhookEventSource"/>),
/// stores a pending delivery for each matching subscription and only then acknowledges the events; another claims due
/// deliveries (<see cref="IWebhookDeliveryStore"/>), posts them signed through the outbound guard, and stores the outcome:
/// succeeded, due again after a backoff, or dead-lettered. A silo that dies mid-way leaves unacknowledged events and
/// held deliveries that other silos take over after <see cref="WebhookOptions.ClaimAfter"/>: at least once.
/// An event appended on this silo wakes the first loop at once (<see cref="EventAppendedSignal"/>), and deliveries it
/// stores wake the second; both loops also poll every <see cref="WebhookOptions.PollInterval"/>, for what no signal
/// announces: events taken over from a dead silo, retries coming due, a sharded log's events still settling.
/// </summary>
public sealed partial class WebhookDispatcher(
    IWebhookEventSource events,
    IWebhookDeliveryStore store,
    WebhookTargets targets,
    IJobNotifyStore jobTargets,
    EventAppendedSignal appended,
    OutboundHttp outbound,
    SecretEnvProtector protector,
    IOptions<WebhookOptions> options,
    IOptions<OutboundOptions> outboundOptions,
    TimeProvider time,
    Random random,
    ILogger<WebhookDispatcher> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int EventBatch = 256;
    private static readonly TimeSpan FailedStepBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BrokenStepBackoff = TimeSpan.FromSeconds(5);
    private readonly WebhookOptions _options = options.Value;
    private TimedLoop? _fanOut;
    private TimedLoop? _sendDue;
    private IDisposable? _wakeOnAppend;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WebhookDispatcher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _fanOut = Loop(nameof(FanOutOnceAsync), FanOutOnceAsync);
        _sendDue = Loop(nameof(SendDueOnceAsync), SendDueOnceAsync);
        _fanOut.Start();
        _sendDue.Start();
        _wakeOnAppend = appended.Subscribe(_fanOut.WakeEarly);
        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken cancellationToken)
    {
        _wakeOnAppend?.Dispose();
        return Task.WhenAll(_fanOut?.StopAsync(cancellationToken) ?? Task.CompletedTask, _sendDue?.StopAsync(cancellationToken) ?? Task.CompletedTask);
    }

    // Runs one step again and again: at once while it finds work, a poll interval after it found none. Redis or the
    // cluster away: a second (nothing is lost: events stay unacknowledged, deliveries stay due). Unforeseen (a bug, a
    // malformed stored delivery): logged as an error and tried again 5 s later, because a stopped loop would silently
    // end every delivery of this silo; the unacknowledged work stays for any silo.
    private TimedLoop Loop(string step, Func<CancellationToken, Task<bool>> once) => new(
        new TimedLoopSettings
        {
            Name = nameof(WebhookDispatcher) + "." + step,
            Interval = _options.PollInterval,
            Backoff = FailedStepBackoff,
            MaxBackoff = FailedStepBackoff,
            IsUnforeseen = e => e is not (StackExchange.Redis.RedisException or TimeoutException or OrleansException or OperationCanceledException),
            UnforeseenBackoff = BrokenStepBackoff,
        },
        async stopping => await once(stopping) ? TimedLoopStep.Again : TimedLoopStep.Wait,
        time,
        logger);

    /// <summary>Reads a batch of events and stores their deliveries; true when it found events.</summary>
    private async Task<bool> FanOutOnceAsync(CancellationToken cancellationToken)
    {
        var batch = await events.ReadAsync(EventBatch);
        if (batch.Count == 0)
            return false;
        var subscriptions = await targets.GetAsync(batch.Max(e => e.At));
        // Jobs' own (notify) subscriptions were stored before their jobs: one read for the batch finds them.
        var ofJobs = await jobTargets.GetAsync([.. batch.Where(e => e.Kind == SchedulerEventKind.Job && e.JobId is not null).Select(e => e.JobId!).Distinct(StringComparer.Ordinal)]);
        var now = time.GetUtcNow();
        var work = new List<WebhookWork>();
        foreach (var e in batch)
        {
            var own = e.JobId is { } jobId && ofJobs.TryGetValue(jobId, out var found) ? found.Select(t => t.Subscription) : [];
            foreach (var subscription in subscriptions.Values.Select(s => s.Subscription).Concat(own))
            {
                if (!subscription.Matches(e))
                    continue;
                work.Add(new WebhookWork(
                    new WebhookDelivery
                    {
                        Id = subscription.Id + ":" + e.Id,
                        SubscriptionId = subscription.Id,
                        EventId = e.Id,
                        Type = WebhookPayload.TypeOf(e),
                        JobId = e.JobId,
                        Status = WebhookDeliveryStatus.Pending,
                        CreatedAt = now,
                        NextAttemptAt = now,
                    },
                    WebhookPayload.For(e),
                    now));
            }
        }
        if (work.Count > 0)
        {
            await store.EnqueueAsync(work);
            _sendDue?.WakeEarly();
        }
        await events.AcknowledgeAsync(batch);
        return true;
    }

    /// <summary>Claims due deliveries and attempts them; true when it found some.</summary>
    private async Task<bool> SendDueOnceAsync(CancellationToken cancellationToken)
    {
        var lease = TimeSpan.FromTicks(Math.Max(_options.ClaimAfter.Ticks * 2, outboundOptions.Value.Timeout.Ticks * 2));
        var due = await store.ClaimDueAsync(time.GetUtcNow(), lease, _options.Concurrency * 4);
        if (due.Count == 0)
            return false;
        var subscriptions = await targets.GetAsync(DateTimeOffset.MinValue);
        // A subscription created after this silo's copy was read is not in it: read again before calling it deleted.
        if (due.Any(w => !subscriptions.ContainsKey(w.Delivery.SubscriptionId) && !JobNotifyTarget.TryParseSubscriptionId(w.Delivery.SubscriptionId, out _, out _)))
            subscriptions = await targets.GetAsync(time.GetUtcNow());
        subscriptions = await WithJobTargetsAsync(subscriptions, due);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (work, token) => await store.SaveAsync(await AttemptAsync(work, subscriptions, token)));
        return true;
    }

    // Adds the jobs' own subscriptions that the due deliveries name (secrets opened); a job deleted since has none left.
    private async Task<IReadOnlyDictionary<string, (WebhookSubscription Subscription, string Secret)>> WithJobTargetsAsync(
        IReadOnlyDictionary<string, (WebhookSubscription Subscription, string Secret)> subscriptions, IReadOnlyList<WebhookWork> due)
    {
        var jobIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var work in due)
        {
            if (JobNotifyTarget.TryParseSubscriptionId(work.Delivery.SubscriptionId, out var jobId, out _))
                jobIds.Add(jobId);
        }
        if (jobIds.Count == 0)
            return subscriptions;
        var all = new Dictionary<string, (WebhookSubscription Subscription, string Secret)>(subscriptions, StringComparer.Ordinal);
        foreach (var target in (await jobTargets.GetAsync(jobIds)).Values.SelectMany(t => t))
        {
            try
            {
                all[target.Subscription.Id] = (target.Subscription, WebhookSecrets.Unseal(protector, target.Subscription.Id, target.SealedSecret));
            }
            catch (CryptographicException e)
            {
                LogJobSecretUnreadable(e, target.Subscription.Id);
            }
        }
        return all;
    }

    private async Task<WebhookWork> AttemptAsync(
        WebhookWork work, IReadOnlyDictionary<string, (WebhookSubscription Subscription, string Secret)> subscriptions, CancellationToken cancellationToken)
    {
        var delivery = work.Delivery;
        if (!subscriptions.TryGetValue(delivery.SubscriptionId, out var target))
        {
            var gone = JobNotifyTarget.TryParseSubscriptionId(delivery.SubscriptionId, out _, out _) ? "the job was deleted or expired" : "the subscription was deleted";
            return work with { Delivery = delivery with { Status = WebhookDeliveryStatus.DeadLettered, NextAttemptAt = null, Error = gone } };
        }

        var sentAt = time.GetUtcNow();
        var signature = new StandardWebhook(target.Secret).Sign(delivery.EventId, sentAt, work.Payload);
        var request = new OutboundRequest(HttpMethod.Post, new Uri(target.Subscription.Url))
        {
            Body = Encoding.UTF8.GetBytes(work.Payload),
            Headers = new Dictionary<string, string>
            {
                ["webhook-id"] = delivery.EventId,
                ["webhook-timestamp"] = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["webhook-signature"] = signature,
                ["User-Agent"] = "JobScheduler-Webhooks/1",
            },
        };
        int? status = null;
        string? error;
        var started = time.GetTimestamp();
        try
        {
            var response = await outbound.SendAsync(request, retry: false, cancellationToken);
            status = response.StatusCode;
            error = response.IsSuccess ? null : $"the receiver answered {response.StatusCode}";
        }
        catch (OutboundRefusedException e)
        {
            error = e.Message;
        }
        var latency = time.GetElapsedTime(started).TotalMilliseconds;
        var now = time.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        var attempted = delivery with { Attempts = attempts, LastAttemptAt = now, ResponseCode = status, LatencyMs = Math.Round(latency, 1), Error = error };
        if (error is null)
            return work with { Delivery = attempted with { Status = WebhookDeliveryStatus.Succeeded, NextAttemptAt = null } };
        if (WebhookBackoff.NextAttempt(attempts, work.WindowStart, now, _options, random.NextDouble()) is { } next)
            return work with { Delivery = attempted with { NextAttemptAt = next } };
        LogDeadLettered(delivery.Id, attempts, error);
        return work with { Delivery = attempted with { Status = WebhookDeliveryStatus.DeadLettered, NextAttemptAt = null } };
    }
}
