using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// The one place that works out what a job runs with: each value from the job's spec, else its queue's settings, else
/// the server's defaults. Pure: the job grain calls it once at submission and stores the answer with the job.
/// </summary>
public static class EffectiveSettingsResolver
{
    /// <summary>The settings <paramref name="spec"/> runs with in a queue with <paramref name="queue"/> settings (null: none).</summary>
    public static EffectiveJobSettings Resolve(JobSpec spec, QueueSettings? queue, JobSettingsDefaults server)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(server);
        var retry = (spec.Retry ?? new RetryPolicy()).OrElse(queue?.Retry).OrElse(server.Retry);
        var own = spec.Resources;
        var queued = queue?.Resources;
        return new EffectiveJobSettings
        {
            Retry = retry,
            Timeout = spec.Timeout ?? server.Timeout,
            Resources = new ResourceLimits
            {
                Cpus = own?.Cpus ?? queued?.Cpus ?? server.Cpus,
                MemoryMb = own?.MemoryMb ?? queued?.MemoryMb ?? server.MemoryMb,
                Pids = own?.Pids ?? queued?.Pids ?? server.Pids,
            },
            Network = spec.Network ?? JobNetworks.None,
            User = queue?.User ?? server.User,
            WritableRootFilesystem = queue?.WritableRootFilesystem ?? false,
        };
    }
}
