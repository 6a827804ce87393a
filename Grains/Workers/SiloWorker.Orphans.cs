using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using Orleans.Runtime;

namespace JobScheduler.Grains.Workers;

public sealed partial class SiloWorker
{
    private DateTimeOffset _nextOrphanSweep;

    /// <summary>
    /// At start-up: containers that an earlier life of this silo (same endpoint, older generation) left
    /// running are adopted when their attempt is still current, and killed and removed when it is stale.
    /// </summary>
    private async Task AdoptOrphansAsync(CancellationToken stopping)
    {
        foreach (var container in await ListContainersAsync(stopping))
        {
            if (!TryParseWorker(container.Worker, out var starter) || !IsEarlierLifeOfThisSilo(starter))
                continue;
            try
            {
                var job = grains.GetGrain<IJobGrain>(container.JobId);
                // An exited container is adopted too: its result is still there to collect and report.
                if (await job.Adopt(container.Attempt, Id) && await job.Get() is { } record)
                {
                    LogAdopting(container.JobId, container.Attempt, container.ContainerId);
                    var launch = LaunchFor(container.JobId, container.Attempt, record.Spec);
                    Track(launch, (running, _) => runtime.FollowAsync(container, launch, running.Cancellation.Token), container.ContainerId);
                }
                else
                {
                    await RemoveOrphanAsync(container, stopping);
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogOrphanFailed(e, container.JobId, container.Attempt);
            }
        }
        _nextOrphanSweep = time.GetUtcNow() + _options.OrphanSweepInterval;
    }

    /// <summary>
    /// Now and then: removes containers this worker does not run whose attempt is stale — left by this
    /// silo's earlier life or by a silo the cluster declared dead (once its job has moved on).
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
            if (!TryParseWorker(container.Worker, out var starter) || !IsGone(starter))
                continue;
            try
            {
                var job = await grains.GetGrain<IJobGrain>(container.JobId).Get();
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

    private async Task<IReadOnlyList<ManagedContainer>> ListContainersAsync(CancellationToken stopping)
    {
        try
        {
            return await runtime.ListManagedContainersAsync(stopping);
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
    // snapshot may be joining; its containers are left alone.
    private bool IsGone(SiloAddress starter) =>
        IsEarlierLifeOfThisSilo(starter)
        || (!starter.Equals(silo.SiloAddress) && membership.CurrentSnapshot.GetSiloStatus(starter) == SiloStatus.Dead);

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
