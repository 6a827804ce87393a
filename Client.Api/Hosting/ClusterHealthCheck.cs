using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>Ready when at least one silo answers, and each reports whether its worker reaches Docker.</summary>
internal sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        if (hosts.Count == 0)
            return HealthCheckResult.Unhealthy("No silo is active.");

        var workers = await Task.WhenAll(hosts.Keys.Select(silo =>
            client.GetGrain<JobScheduler.Grains.Interfaces.IWorkerGrain>(silo.ToParsableString()).GetStatus()));
        var data = workers.ToDictionary(w => w.Worker, w => (object)(w.DockerReachable == true ? "docker reachable" : $"docker-unavailable: {w.DockerEndpoint}"));
        return workers.Any(w => w.DockerReachable == true)
            ? HealthCheckResult.Healthy($"{hosts.Count} silo(s) active.", data)
            : HealthCheckResult.Unhealthy("No worker reaches its Docker engine.", data: data);
    }
}
