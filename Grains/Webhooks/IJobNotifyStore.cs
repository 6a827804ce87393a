using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// The subscriptions made from jobs' <see cref="JobSpec.Notify"/>, by job: written by the job grain when it accepts the
/// job (before the job's first event exists), read by the delivering silos, removed with the job. Redis in cluster mode
/// (<see cref="RedisJobNotifyStore"/>), memory in embedded mode. They are kept apart from <see cref="IWebhookGrain"/>'s
/// managed subscriptions, whose one grain and one list suit hundreds, not one per job.
/// </summary>
public interface IJobNotifyStore
{
    /// <summary>Stores job <paramref name="jobId"/>'s subscriptions (each secret sealed), replacing any.</summary>
    Task SetAsync(string jobId, IReadOnlyList<WebhookTarget> targets);

    /// <summary>The subscriptions of those of <paramref name="jobIds"/> that have any.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<WebhookTarget>>> GetAsync(IReadOnlyCollection<string> jobIds);

    /// <summary>Removes job <paramref name="jobId"/>'s subscriptions; their pending deliveries are dead-lettered when they come due.</summary>
    Task RemoveAsync(string jobId);
}
