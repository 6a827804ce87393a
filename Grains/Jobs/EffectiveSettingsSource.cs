using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Policy;
using JobScheduler.Grains.Queues;
using JobScheduler.Grains.Retries;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// Feeds <see cref="EffectiveSettingsResolver"/> with this silo's defaults and a queue's settings: at submission (the
/// job grain), and at claim for a job stored before its settings were (the worker).
/// </summary>
public sealed class EffectiveSettingsSource(
    RetryDefaults retryDefaults,
    QueueSettingsCache queues,
    IOptions<JobOptions> jobOptions,
    IOptions<ContainerOptions> containerOptions)
{
    /// <summary>
    /// The settings <paramref name="spec"/> runs with, against its queue's settings as the submission policy just checked
    /// them (this silo's brief cache, dropped at once when the queue changes on this silo).
    /// </summary>
    public async ValueTask<EffectiveJobSettings> ResolveAsync(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return EffectiveSettingsResolver.Resolve(spec, await queues.GetAsync(spec.Queue), DefaultsFor(spec));
    }

    /// <summary>
    /// For a job stored without settings: what it runs with, given the queue's values its worker's batch carries (the
    /// retry policy is looked up again when an attempt fails, as before).
    /// </summary>
    public EffectiveJobSettings AtClaim(JobSpec spec, QueueBatch batch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(batch);
        var queue = new QueueSettings { Resources = batch.DefaultResources, User = batch.User, WritableRootFilesystem = batch.WritableRootFilesystem };
        return EffectiveSettingsResolver.Resolve(spec, queue, DefaultsFor(spec));
    }

    /// <summary>For a job stored without settings: its retry policy against its queue's current settings.</summary>
    public async ValueTask<RetryPolicy> RetryAtFailureAsync(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return retryDefaults.For(spec, (await queues.GetAsync(spec.Queue)).Retry);
    }

    // The configured retry default depends on the queue's name (Scheduler:Queues:{name}:Retry), the rest does not.
    private JobSettingsDefaults DefaultsFor(JobSpec spec) =>
        JobSettingsDefaults.From(retryDefaults.For(spec with { Retry = null }), jobOptions.Value.DefaultTimeout, containerOptions.Value);
}
