using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobScheduler.Grains.Workers;

/// <summary>
/// Ready when this silo is an active cluster member that is not stopping and its worker can reach its container engine.
/// A drained worker stays ready: its silo still serves grains.
/// </summary>
public sealed class WorkerHealthCheck(SiloWorker worker) : IHealthCheck
{
    /// <summary>The tag readiness endpoints select.</summary>
    public const string ReadyTag = "ready";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await worker.GetStatusAsync();
        var data = new Dictionary<string, object>
        {
            ["worker"] = status.Worker,
            ["slots"] = status.Slots,
            ["running"] = status.RunningJobs.Count,
            ["dockerEndpoint"] = status.DockerEndpoint,
        };
        data["draining"] = worker.IsDraining;
        if (!worker.IsActive)
            return HealthCheckResult.Unhealthy($"Worker {status.Worker} is not running: its silo is starting or stopping.", data: data);
        return status.DockerReachable == true
            ? HealthCheckResult.Healthy($"Worker {status.Worker} reaches Docker at {status.DockerEndpoint}.", data)
            : HealthCheckResult.Unhealthy(FailureReasons.With(FailureReasons.DockerUnavailable, status.DockerEndpoint), data: data);
    }
}
