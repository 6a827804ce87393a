using System.Security.Cryptography;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// Holds the cluster's webhook subscriptions in one persistent grain, and reads and resends deliveries in the
/// <see cref="IWebhookDeliveryStore"/>. It never posts anything: <see cref="WebhookDispatcher"/> does, outside grain turns.
/// </summary>
public sealed partial class WebhookGrain(
    [PersistentState("webhooks")] IPersistentState<WebhookState> state,
    IWebhookDeliveryStore deliveries,
    IJobNotifyStore jobTargets,
    SecretEnvProtector protector,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain
{
    public async Task<WebhookCreated> Create(WebhookRequest request, string actor)
    {
        var errors = WebhookRequestValidator.Validate(request);
        if (errors.Count > 0)
            throw new JobValidationException(errors);
        if (state.State.Targets.Count >= options.Value.MaxSubscriptions)
            throw new JobValidationException(new Dictionary<string, string[]>
            {
                ["url"] = [$"The server keeps at most {options.Value.MaxSubscriptions} subscriptions ({WebhookOptions.SectionName}:MaxSubscriptions); delete one first."],
            });
        var subscription = new WebhookSubscription
        {
            Id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Url = request.Url,
            Events = [.. request.Events.Distinct(StringComparer.OrdinalIgnoreCase)],
            Queue = request.Queue,
            ScheduleId = request.ScheduleId,
            WorkflowId = request.WorkflowId,
            JobId = request.JobId,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = actor,
        };
        var secret = WebhookSecrets.New();
        var target = new WebhookTarget { Subscription = subscription, SealedSecret = WebhookSecrets.Seal(protector, subscription.Id, secret) };
        await WriteAsync(targets => targets.Add(target));
        LogCreated(subscription.Id, actor, subscription.Queue ?? "*");
        return new WebhookCreated { Subscription = subscription, Secret = secret };
    }

    public Task<IReadOnlyList<WebhookSubscription>> List() =>
        Task.FromResult<IReadOnlyList<WebhookSubscription>>([.. state.State.Targets.Select(t => t.Subscription)]);

    public async Task<WebhookSubscription?> Get(string id)
    {
        if (!JobNotifyTarget.TryParseSubscriptionId(id, out var jobId, out _))
            return state.State.Targets.Find(t => t.Subscription.Id == id)?.Subscription;
        // A job's own subscription lives with the job's notify list, not in this grain's.
        return (await jobTargets.GetAsync([jobId])).TryGetValue(jobId, out var targets)
            ? targets.FirstOrDefault(t => t.Subscription.Id == id)?.Subscription
            : null;
    }

    /// <remarks>A job's own subscription (<c>whj_…</c>) is not deleted here: it ends with its job.</remarks>
    public async Task<bool> Delete(string id, string actor)
    {
        var index = state.State.Targets.FindIndex(t => t.Subscription.Id == id);
        if (index < 0)
            return false;
        await WriteAsync(targets => targets.RemoveAt(index));
        LogDeleted(id, actor);
        return true;
    }

    public Task<IReadOnlyList<WebhookTarget>> Targets() => Task.FromResult<IReadOnlyList<WebhookTarget>>([.. state.State.Targets]);

    public async Task<IReadOnlyList<WebhookDelivery>> Deliveries(string id, int limit) =>
        await deliveries.ListAsync(id, Math.Clamp(limit, 1, 1000));

    public async Task<WebhookDelivery?> Resend(string id, string deliveryId)
    {
        if (await deliveries.GetAsync(deliveryId) is not { } work || work.Delivery.SubscriptionId != id)
            return null;
        var now = time.GetUtcNow();
        var again = work with
        {
            Delivery = work.Delivery with { Status = WebhookDeliveryStatus.Pending, Attempts = 0, NextAttemptAt = now, Error = null },
            WindowStart = now,
        };
        await deliveries.SaveAsync(again);
        LogResent(deliveryId);
        return again.Delivery;
    }

    private async Task WriteAsync(Action<List<WebhookTarget>> change)
    {
        change(state.State.Targets);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: forget the change, so that memory never holds a subscription that storage does not.
            await state.ReadStateAsync();
            throw;
        }
    }
}
