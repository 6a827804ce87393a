namespace JobScheduler.Grains.Execution;

/// <summary>A container the scheduler created, found on the engine by its labels.</summary>
/// <param name="ContainerId">The container id.</param>
/// <param name="JobId">Label <c>jobscheduler.job-id</c>.</param>
/// <param name="Attempt">Label <c>jobscheduler.attempt</c>.</param>
/// <param name="Worker">Label <c>jobscheduler.worker</c>: the worker (silo address) that started it.</param>
/// <param name="Running">True while its process runs; false once it exited (not yet removed).</param>
/// <param name="StartedAt">When it started, if it did.</param>
public sealed record ManagedContainer(string ContainerId, string JobId, int Attempt, string Worker, bool Running, DateTimeOffset? StartedAt)
{
    /// <summary>Label <c>jobscheduler.cluster</c>: the cluster id of the worker that created it; null when it carries none.</summary>
    public string? Cluster { get; init; }
}
