using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Queues;

/// <summary>Fills a job's unset values from its queue's settings.</summary>
public static class JobSpecDefaults
{
    /// <summary>
    /// The spec with each resource it leaves out taken from <paramref name="queueResources"/>; the server's
    /// container defaults still apply to whatever both leave out.
    /// </summary>
    public static JobSpec WithDefaultResources(this JobSpec spec, ResourceLimits? queueResources)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (queueResources is null)
            return spec;
        var own = spec.Resources;
        return spec with
        {
            Resources = new ResourceLimits
            {
                Cpus = own?.Cpus ?? queueResources.Cpus,
                MemoryMb = own?.MemoryMb ?? queueResources.MemoryMb,
                Pids = own?.Pids ?? queueResources.Pids,
            },
        };
    }
}
