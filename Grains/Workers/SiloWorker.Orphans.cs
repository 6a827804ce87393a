using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Queues;
using Orleans.Runtime;

namespace JobScheduler.Grains.Workers;

public sealed partial class SiloWorker
{
    private DateTimeOffset _nextOrphanSweep;

    /// <summary>
    /// At start-up: containers that an earlier life of this silo (same endpoint, older generation) left
    /// running are adopted when their attempt is still current, and killed and removed when it is stale.
    /// Where <see cref="WorkerOptions.RemoveContainersOfUnknownSilos"/> is set (embedded mode), containers of
    /// silos this cluster does not know at all are removed: their jobs died with the process that ran them.
    /// Only containers labelled with this cluster's id are ever touched.
    /// </summary>
    private async Task AdoptOrphansAsync(CancellationToken stopping)
    {
        foreach (var container in await ListContainersAsync(stopping))
        {
            if (!TryParseWorker(container.Worker, out var starter))
                continue;
            try
            {
                if (IsEarlierLifeOfThisSilo(starter))
                    await AdoptOrRemoveAsync(container, stopping);
                else if (IsUnknown(starter))
                {
                    LogRemovingLeftover(container.ContainerId, container.JobId, container.Attempt, container.Worker);
                    await runtime.RemoveAsync(container.ContainerId, stopping);
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogOrphanFailed(e, container.JobId, container.Attempt);
            }
        }
        _nextOrphanSweep = time.GetUtcNow() + _options.OrphanSweepInterval;
    }

    private async Task AdoptOrRemoveAsync(ManagedContainer container, CancellationToken stopping)
    {
        var job = grains.Get<IJobProtocolGrain>(container.JobId);
        // An exited container is adopted too: its result is still there to collect and report.
        if (await job.Adopt(container.Attempt, Id) && await job.AsReference<IJobGrain>().Get() is { } record)
        {
            LogAdopting(container.JobId, container.Attempt, container.ContainerId);
            var launch = LaunchFor(container.JobId, container.Attempt, record.Spec, record.Effective ?? effectiveSettings.AtClaim(record.Spec, QueueBatch.Empty));
            Track(launch, (running, _) => runtime.FollowAsync(container, launch, running.Cancellation.Token), container.ContainerId);
        }
        else
        {
            await RemoveOrphanAsync(container, stopping);
        }
    }

    /// <summary>
    /// Now and then: removes containers this worker does not run whose attempt is stale — left by this
    /// silo's earlier life or by a silo the cluster declared dead (once its job has moved on) — and any
    /// container of this very silo that no attempt here tracks (e.g. one created while its attempt was being
    /// cancelled, left in the Created state).
    /// </summary>
    private async Task SweepOrphansIfDueAsync(CancellationToken stopping)
    {
        if (time.GetUtcNow() < _nextOrphanSweep || stopping.IsCancellationRequested)
            return;
        _nextOrphanSweep = time.GetUtcNow() + _options.OrphanSweepInterval;

        foreach (var container in await ListContainersAsync(stopping))
        {
            if (_running.TryGetValue(container.JobId, out var mine) && mine.Attempt == container.Attempt)
                continue;
            if (!TryParseWorker(container.Worker, out var starter))
                continue;
            try
            {
                if (starter.Equals(silo.SiloAddress))
                {
                    // A worker tracks every attempt from before its create until after its removal: untracked is leftover.
                    await RemoveOrphanAsync(container, stopping);
                    continue;
                }
                if (!IsGone(starter))
                    continue;
                var job = await grains.Get<IJobGrain>(container.JobId).Get();
                var stillCurrent = job is { State: JobState.Running } && job.CurrentAttempt is { EndedAt: null } current && current.Number == container.Attempt;
                if (!stillCurrent)
                    await RemoveOrphanAsync(container, stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogOrphanFailed(e, container.JobId, container.Attempt);
            }
        }
    }

    /// <summary>This cluster's containers on the engine; those of other clusters (or unlabelled) are never touched.</summary>
    private async Task<IReadOnlyList<ManagedContainer>> ListContainersAsync(CancellationToken stopping)
    {
        try
        {
            var listed = await runtime.ListManagedContainersAsync(stopping);
            return [.. listed.Where(c => string.Equals(c.Cluster, ClusterId, StringComparison.Ordinal))];
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // No engine, no orphans to handle now; the next sweep looks again.
            LogOrphanListFailed(e, runtime.Endpoint);
            return [];
        }
    }

    private async Task RemoveOrphanAsync(ManagedContainer container, CancellationToken stopping)
    {
        LogRemovingOrphan(container.JobId, container.Attempt, container.ContainerId);
        await runtime.RemoveAsync(container.ContainerId, stopping);
    }

    private bool IsEarlierLifeOfThisSilo(SiloAddress starter) =>
        starter.Endpoint.Equals(silo.SiloAddress.Endpoint) && starter.Generation != silo.SiloAddress.Generation;

    // This silo's earlier life, or a silo the cluster knows to be dead. A silo merely absent from the
    // snapshot may be joining; its containers are left alone, unless this silo is alone by design.
    private bool IsGone(SiloAddress starter) =>
        IsEarlierLifeOfThisSilo(starter)
        || (!starter.Equals(silo.SiloAddress) && membership.CurrentSnapshot.GetSiloStatus(starter) == SiloStatus.Dead)
        || IsUnknown(starter);

    // A silo this silo's cluster has never heard of; counted as gone only where the options say no silo can be missing.
    private bool IsUnknown(SiloAddress starter) =>
        _options.RemoveContainersOfUnknownSilos
        && !starter.Equals(silo.SiloAddress)
        && membership.CurrentSnapshot.GetSiloStatus(starter) == SiloStatus.None;

    private static bool TryParseWorker(string worker, out SiloAddress address)
    {
        try
        {
            address = SiloAddress.FromParsableString(worker);
            return true;
        }
        catch (FormatException)
        {
            address = null!;
            return false;
        }
    }
}
