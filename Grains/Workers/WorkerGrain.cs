using JobScheduler.Grains.Interfaces;
using Orleans.Placement;
using Orleans.Runtime;

namespace JobScheduler.Grains.Workers;

/// <summary>
/// The grain face of a silo's <see cref="SiloWorker"/>: always on its own silo, it only forwards
/// to the worker's background loop and never waits on a container.
/// </summary>
[SiloBoundPlacement, Immovable]
public sealed class WorkerGrain(SiloWorker worker, ILocalSiloDetails silo) : Grain, IWorkerGrain, IWorkerProtocolGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() != silo.SiloAddress.ToParsableString())
            throw new InvalidOperationException($"Worker {this.GetPrimaryKeyString()} activated on the wrong silo {silo.SiloAddress}.");
        return Task.CompletedTask;
    }

    public Task NotifyWorkAvailable(string queue)
    {
        worker.WakeUp(queue);
        return Task.CompletedTask;
    }

    public Task CancelAttempt(string jobId, int attempt) => worker.CancelAsync(jobId, attempt);

    public Task<JobLogs?> GetLiveLogs(string jobId, int attempt) => worker.ReadLiveLogsAsync(jobId, attempt);

    public IAsyncEnumerable<LogLine> FollowLogs(string jobId, int attempt, CancellationToken cancellationToken = default) =>
        worker.FollowLogs(jobId, attempt, cancellationToken);

    public Task<WorkerStatus> GetStatus() => worker.GetStatusAsync();

    public Task<WorkerStatus> SetDraining(bool draining) => worker.SetDrainingAsync(draining);
}
