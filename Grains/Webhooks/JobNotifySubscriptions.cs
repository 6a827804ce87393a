using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Secrets;

namespace JobScheduler.Grains.Webhooks;

/// <summary>Turns a job's <see cref="JobSpec.Notify"/> into the job's own subscriptions, secrets sealed as managed subscriptions' are.</summary>
public static class JobNotifySubscriptions
{
    /// <summary>
    /// The subscriptions of job <paramref name="jobId"/> (filtered to the job and its queue, ids from
    /// <see cref="JobNotifyTarget.SubscriptionId"/>), and the notify list to show once: each generated secret, null where
    /// the submitter gave one.
    /// </summary>
    public static (IReadOnlyList<WebhookTarget> Targets, IReadOnlyList<JobNotifyTarget> Shown) Create(
        string jobId, JobSpec spec, string? actor, DateTimeOffset now, SecretEnvProtector protector)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(protector);
        var targets = new List<WebhookTarget>(spec.Notify.Count);
        var shown = new List<JobNotifyTarget>(spec.Notify.Count);
        for (var i = 0; i < spec.Notify.Count; i++)
        {
            var notify = spec.Notify[i];
            var secret = notify.Secret ?? WebhookSecrets.New();
            var subscription = ToSubscription(jobId, i, notify, spec.Queue, actor ?? "job", now);
            targets.Add(new WebhookTarget { Subscription = subscription, SealedSecret = WebhookSecrets.Seal(protector, subscription.Id, secret) });
            shown.Add(notify with { Secret = notify.Secret is null ? secret : null });
        }
        return (targets, shown);
    }

    /// <summary>The subscription the <paramref name="index"/>-th notify entry of a job becomes.</summary>
    public static WebhookSubscription ToSubscription(string jobId, int index, JobNotifyTarget notify, string queue, string createdBy, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(notify);
        return new WebhookSubscription
        {
            Id = JobNotifyTarget.SubscriptionId(jobId, index),
            Url = notify.Url,
            Events = [.. notify.Events.Distinct(StringComparer.OrdinalIgnoreCase)],
            Queue = queue,
            JobId = jobId,
            CreatedAt = createdAt,
            CreatedBy = createdBy,
        };
    }
}
