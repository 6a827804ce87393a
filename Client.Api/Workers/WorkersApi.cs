using JobScheduler.Client.Api.Http;
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
        var workers = endpoints.MapGroup(Prefix).WithTags("Workers");

        workers.MapGet("/", List)
            .WithName("ListWorkers")
            .WithSummary("List workers")
            .WithDescription(
                "One worker per silo (its id is the silo's address): slots, running jobs, last heartbeat, Docker endpoint and state — " +
                "Available, Busy (every slot taken), Draining (takes no new work) or Down (its silo stopped or died within the last hour, or does not answer).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workers.MapGet("/{id}", Get)
            .WithName("GetWorker")
            .WithSummary("Get a worker")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workers.MapPost("/{id}/drain", Drain)
            .WithName("DrainWorker")
            .WithSummary("Drain a worker")
            .WithDescription(
                "The worker takes no new work; its running jobs finish. When its running jobs are gone, its silo can be stopped " +
                "without failing a job. Not persisted: a restarted silo is a new worker that takes work. Idempotent.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workers.MapPost("/{id}/resume", Resume)
            .WithName("ResumeWorker")
            .WithSummary("Resume a drained worker")
            .WithDescription("The worker takes work again. Idempotent.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return workers;
    }

    private static async Task<Ok<IReadOnlyList<WorkerStatus>>> List(JobSchedulerClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.ListWorkersAsync(cancellationToken));

    private static async Task<Results<Ok<WorkerStatus>, ProblemHttpResult>> Get(string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        OkOrNotFound(id, await client.GetWorkerAsync(id, cancellationToken));

    private static async Task<Results<Ok<WorkerStatus>, ProblemHttpResult>> Drain(string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        OkOrNotFound(id, await client.DrainWorkerAsync(id, cancellationToken));

    private static async Task<Results<Ok<WorkerStatus>, ProblemHttpResult>> Resume(string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        OkOrNotFound(id, await client.ResumeWorkerAsync(id, cancellationToken));

    private static Results<Ok<WorkerStatus>, ProblemHttpResult> OkOrNotFound(string id, WorkerStatus? worker) =>
        worker is not null ? TypedResults.Ok(worker) : ApiProblems.WorkerNotFound(id, Prefix);
}
