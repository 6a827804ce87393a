using JobScheduler.Grains.Workers;

namespace JobScheduler.Silo.Draining;

/// <summary>
/// <c>/local/worker</c> on the silo's HTTP port: its worker's state, and draining or resuming it, for the
/// <c>drain</c> command (Kubernetes' preStop hook, scripts). The port has no authentication, so these answer
/// loopback callers only (a process in the same host or pod); anyone else gets 403. The cluster-wide way, with a key,
/// is <c>/api/v1/workers/{id}/drain</c> on the API; both set the same state.
/// </summary>
public static class LocalWorkerEndpoints
{
    /// <summary>The route prefix.</summary>
    public const string Prefix = "/local/worker";

    /// <summary>Maps <c>GET /local/worker</c>, <c>POST /local/worker/drain</c> and <c>POST /local/worker/resume</c>.</summary>
    public static WebApplication MapLocalWorkerEndpoints(this WebApplication app)
    {
        var local = app.MapGroup(Prefix).AddEndpointFilter(async (context, next) =>
            LoopbackOnly.Allows(context.HttpContext.Connection.RemoteIpAddress)
                ? await next(context)
                : TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Loopback callers only.",
                    detail: $"{Prefix} answers processes on the silo's own host only; drain a worker from elsewhere with POST /api/v1/workers/{{id}}/drain on the API."));

        local.MapGet("/", (SiloWorker worker) => StatusAsync(worker));
        local.MapPost("/drain", async (SiloWorker worker) =>
        {
            await worker.SetDrainingAsync(true);
            return await StatusAsync(worker);
        });
        local.MapPost("/resume", async (SiloWorker worker) =>
        {
            await worker.SetDrainingAsync(false);
            return await StatusAsync(worker);
        });
        return app;
    }

    private static async Task<LocalWorkerStatus> StatusAsync(SiloWorker worker)
    {
        var idle = worker.IsIdle;
        var status = await worker.GetStatusAsync();
        return new LocalWorkerStatus(status.Worker, status.State.ToString(), worker.IsDraining, idle && status.RunningJobs.Count == 0, status.RunningJobs);
    }
}
