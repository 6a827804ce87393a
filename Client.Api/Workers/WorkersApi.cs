using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobScheduler.Client.Api.Workers;

/// <summary>The <c>/api/v1/workers</c> resource: each silo's worker, and draining one before taking its silo down.</summary>
public static class WorkersApi
{
    /// <summary>The route prefix of the resource.</summary>
    public const string Prefix = "/api/v1/workers";

    /// <summary>Maps the worker endpoints under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapWorkersApi(this IEndpointRouteBuilder endpoints)
    {
        // Workers are shared by every queue and show every running job: only keys allowed on every queue see them.
        var workers = endpoints.MapGroup(Prefix).WithTags("Workers").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Principal().IsTenant ? AccessProblems.TenantCannot("see or drain workers") : await next(context));

        workers.MapGet("/", List)
            .WithName("ListWorkers")
            .WithSummary("List workers")
            .WithDescription(
                "One worker per silo (its id is the silo's address): slots, running jobs, last heartbeat, Docker endpoint and state — " +
                "Available, Busy (every slot taken), Draining (takes no new work) or Down (its silo stopped or died within the last hour, or does not answer).")
            .RequireScope(ApiScopes.Read)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workers.MapGet("/{id}", Get)
            .WithName("GetWorker")
            .WithSummary("Get a worker")
            .RequireScope(ApiScopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workers.MapPost("/{id}/drain", Drain)
            .WithName("DrainWorker")
            .WithSummary("Drain a worker")
            .WithDescription(
                "The worker takes no new work; its running jobs finish. When its running jobs are gone, its silo can be stopped " +
                "without failing a job. Not persisted: a restarted silo is a new worker that takes work. Idempotent.")
            .RequireScope(ApiScopes.Operate)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workers.MapPost("/{id}/resume", Resume)
            .WithName("ResumeWorker")
            .WithSummary("Resume a drained worker")
            .WithDescription("The worker takes work again. Idempotent.")
            .RequireScope(ApiScopes.Operate)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return workers;
    }

    private static async Task<Ok<IReadOnlyList<WorkerStatus>>> List(JobSchedulerClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.ListWorkersAsync(cancellationToken));

    private static async Task<Results<Ok<WorkerStatus>, ProblemHttpResult>> Get(string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        OkOrNotFound(id, await client.GetWorkerAsync(id, cancellationToken));

    private static async Task<Results<Ok<WorkerStatus>, ProblemHttpResult>> Drain(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        var worker = await client.DrainWorkerAsync(id, cancellationToken);
        if (worker is not null)
            audit.WorkerChanged(context.Principal().Actor, "drained", id);
        return OkOrNotFound(id, worker);
    }

    private static async Task<Results<Ok<WorkerStatus>, ProblemHttpResult>> Resume(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        var worker = await client.ResumeWorkerAsync(id, cancellationToken);
        if (worker is not null)
            audit.WorkerChanged(context.Principal().Actor, "resumed", id);
        return OkOrNotFound(id, worker);
    }

    private static Results<Ok<WorkerStatus>, ProblemHttpResult> OkOrNotFound(string id, WorkerStatus? worker) =>
        worker is not null ? TypedResults.Ok(worker) : ApiProblems.WorkerNotFound(id, Prefix);
}
