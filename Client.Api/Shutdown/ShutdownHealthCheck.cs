using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobScheduler.Client.Api.Shutdown;

/// <summary>Not ready from SIGTERM on, so that load balancers stop sending before the process stops taking requests.</summary>
internal sealed class ShutdownHealthCheck(ShutdownGate gate) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gate.IsStopping ? HealthCheckResult.Unhealthy("This API process is stopping.") : HealthCheckResult.Healthy());
}
