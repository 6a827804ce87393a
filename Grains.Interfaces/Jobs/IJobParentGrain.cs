using Orleans.Concurrency;

namespace JobScheduler.Grains.Interfaces;

/// <summary>A grain that creates jobs and wants to hear when they end: schedules and workflows.</summary>
[Alias("JobScheduler.IJobParentGrain")]
public interface IJobParentGrain : IGrainWithStringKey
{
    /// <summary>
    /// A job this grain created reached a terminal state. One-way, so a job never waits on its parent
    /// (no call cycles); may arrive more than once (e.g. after a requeue) and must be handled idempotently.
    /// </summary>
    [OneWay, Alias("OnJobEnded")]
    Task OnJobEnded(JobOutcome outcome);
}
