using JobScheduler.Grains.Interfaces;
using Orleans.Concurrency;

namespace JobScheduler.Grains.Workers;

/// <summary>
/// The silo-internal protocol of a silo's worker (key: the silo's address, implemented by the same grain class as
/// <see cref="IWorkerGrain"/>): queues nudge it, job grains cancel attempts and read live output through it. Lives in
/// the Grains assembly so that services referencing only Grains.Interfaces cannot call it.
/// </summary>
[Alias("JobScheduler.IWorkerProtocolGrain")]
public interface IWorkerProtocolGrain : IGrainWithStringKey
{
    /// <summary>Tells the worker a queue has work; it pulls when it has a free slot.</summary>
    [OneWay, Alias("NotifyWorkAvailable")]
    Task NotifyWorkAvailable(string queue);

    /// <summary>Kills and removes the container of the given attempt, if this worker runs it; returns once it is gone.</summary>
    [Alias("CancelAttempt")]
    Task CancelAttempt(string jobId, int attempt);

    /// <summary>The captured output so far of a running attempt, or null when this worker does not run it.</summary>
    [Alias("GetLiveLogs")]
    Task<JobLogs?> GetLiveLogs(string jobId, int attempt);
}
