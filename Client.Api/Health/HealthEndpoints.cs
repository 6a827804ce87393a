using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace JobScheduler.Client.Api.Health;

/// <summary>Liveness and readiness probes, in the shape Kubernetes and load balancers expect.</summary>
public static class HealthEndpoints
{
    /// <summary>The tag that marks a health check as part of readiness (the backend tags Docker and cluster checks with it).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Maps <c>/health/live</c> (200 while the process serves requests; it runs no checks, so a slow dependency
    /// never gets the process restarted) and <c>/health/ready</c> (the checks tagged <see cref="ReadyTag"/>: 200 or 503
    /// to anyone, so a kubelet or load balancer can probe it without a key; each check's status and description only to
    /// a signed-in principal).
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithName("Live")
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportJson.WriteAsync,
        }).WithName("Ready")
            .AllowAnonymous();
        return endpoints;
    }
}
