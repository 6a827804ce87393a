using Orleans.Runtime;

namespace JobScheduler.Grains.Interfaces;

public sealed partial class JobSchedulerClient
{
    // A silo that left longer ago than this is history, not a worker to show.
    private static readonly TimeSpan DownWorkerHorizon = TimeSpan.FromHours(1);
    private static readonly TimeSpan WorkerStatusTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Every silo's worker: the active ones with their slots, running jobs, last heartbeat and state, and the
    /// ones whose silo stopped or died within the last hour as <see cref="WorkerState.Down"/>.
    /// </summary>
    public async Task<IReadOnlyList<WorkerStatus>> ListWorkersAsync(CancellationToken cancellationToken = default)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false).WaitAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var workers = await Task.WhenAll(hosts
            .Where(h => h.Status == SiloStatus.Active || (h.Status is SiloStatus.ShuttingDown or SiloStatus.Stopping or SiloStatus.Dead && now - LastAlive(h) < DownWorkerHorizon))
            .Select(h => StatusOfAsync(h, cancellationToken)));
        return [.. workers.OrderBy(w => w.Worker, StringComparer.Ordinal)];
    }

    /// <summary>One worker by id (its silo's address, as listed), or null when no silo has that id.</summary>
    public async Task<WorkerStatus?> GetWorkerAsync(string workerId, CancellationToken cancellationToken = default) =>
        (await ListWorkersAsync(cancellationToken)).FirstOrDefault(w => w.Worker == workerId);

    /// <summary>
    /// Stops a worker taking new work so its silo can be taken down without failing jobs; its running jobs finish.
    /// Null when no active silo has that id.
    /// </summary>
    public Task<WorkerStatus?> DrainWorkerAsync(string workerId, CancellationToken cancellationToken = default) =>
        SetDrainingAsync(workerId, draining: true, cancellationToken);

    /// <summary>Lets a draining worker take work again. Null when no active silo has that id.</summary>
    public Task<WorkerStatus?> ResumeWorkerAsync(string workerId, CancellationToken cancellationToken = default) =>
        SetDrainingAsync(workerId, draining: false, cancellationToken);

    private async Task<WorkerStatus?> SetDrainingAsync(string workerId, bool draining, CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        // Only an active silo's id may name a worker grain: its placement puts the grain on that silo.
        if (!hosts.Keys.Any(silo => silo.ToParsableString() == workerId))
            return null;
        return await grains.GetGrain<IWorkerGrain>(workerId).SetDraining(draining).WaitAsync(WorkerStatusTimeout, cancellationToken);
    }

    private async Task<WorkerStatus> StatusOfAsync(MembershipEntry host, CancellationToken cancellationToken)
    {
        var id = host.SiloAddress.ToParsableString();
        var down = new WorkerStatus { Worker = id, Host = host.HostName, State = WorkerState.Down, LastHeartbeat = LastAlive(host) };
        if (host.Status != SiloStatus.Active)
            return down;
        try
        {
            return await grains.GetGrain<IWorkerGrain>(id).GetStatus().WaitAsync(WorkerStatusTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansException)
        {
            // Active in the table but not answering: frozen or cut off, and so not running new work.
            return down;
        }
    }

    private static DateTimeOffset LastAlive(MembershipEntry host) =>
        new(DateTime.SpecifyKind(host.IAmAliveTime, DateTimeKind.Utc));
}
