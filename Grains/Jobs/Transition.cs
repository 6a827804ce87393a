using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>The outcome of applying a <see cref="JobEvent"/>: the new record, or why the event was rejected.</summary>
public readonly record struct Transition(JobRecord Job, string? Rejection)
{
    /// <summary>True when the event changed the job.</summary>
    public bool Accepted => Rejection is null;

    /// <summary>An accepted transition to <paramref name="job"/>.</summary>
    public static Transition To(JobRecord job) => new(job, null);

    /// <summary>A rejected event; <paramref name="job"/> is unchanged.</summary>
    public static Transition Reject(JobRecord job, string why) => new(job, why);
}
