using JobScheduler.Grains.Interfaces;
using Orleans.Concurrency;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// A grain that creates jobs and wants to hear when they end: schedules and workflows. Silo-internal protocol (the
/// job grain calls it); moved out of Grains.Interfaces with its alias and method alias unchanged, so its wire identity
/// is the previous release's.
/// </summary>
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
