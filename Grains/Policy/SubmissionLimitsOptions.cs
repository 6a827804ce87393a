using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Policy;

/// <summary>
/// The most any job on this server may ask for (<c>Scheduler:Limits</c>); a queue's maxima can only lower them. A
/// request above one is refused at submission with a 400 naming the field and the limit. The defaults are the hard
/// limits every spec is held to (<see cref="JobSpecLimits"/>), so out of the box nothing changes.
/// </summary>
public sealed class SubmissionLimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Limits";

    /// <summary>Most CPU cores per job (<c>resources.cpus</c>). Default: 64.</summary>
    public double MaxCpus { get; set; } = JobSpecLimits.MaxCpus;

    /// <summary>Most MiB of memory per job (<c>resources.memoryMb</c>). Default: 262144 (256 GiB).</summary>
    public int MaxMemoryMb { get; set; } = JobSpecLimits.MaxMemoryMb;

    /// <summary>Most processes per job (<c>resources.pids</c>). Default: 32768.</summary>
    public int MaxPids { get; set; } = JobSpecLimits.MaxPids;

    /// <summary>Longest timeout per job (<c>timeout</c>). Default: 7 days.</summary>
    public TimeSpan MaxTimeout { get; set; } = JobSpecLimits.MaxTimeout;

    /// <summary>
    /// How long a silo reuses a queue's settings for these checks before asking the queue again. A change made through
    /// a silo applies there at once, and on the other silos within this time. Default: 5 seconds.
    /// </summary>
    public TimeSpan QueueSettingsCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The maxima as the policy rules take them.</summary>
    public JobMaxima ToMaxima() => new() { Cpus = MaxCpus, MemoryMb = MaxMemoryMb, Pids = MaxPids, Timeout = MaxTimeout };
}
