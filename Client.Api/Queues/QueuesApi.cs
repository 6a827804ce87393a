using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace JobScheduler.Client.Api.Queues;

/// <summary>The <c>/api/v1/queues</c> resource: list queues, read and change their settings, pause and resume them.</summary>
public static class QueuesApi
{
    /// <summary>The route prefix of the resource.</summary>
    public const string Prefix = "/api/v1/queues";

    /// <summary>Maps the queue endpoints under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapQueuesApi(this IEndpointRouteBuilder endpoints)
    {
        var queues = endpoints.MapGroup(Prefix).WithTags("Queues");

        queues.MapGet("/", List)
            .WithName("ListQueues")
            .WithSummary("List queues")
            .WithDescription(
                "Every queue that has held a job or has settings, with its settings, whether it is paused, how many of its " +
                "jobs run (what its concurrency limit counts), how many wait ready, running jobs per concurrency key, and its jobs counted by state. A key limited to queues sees only those.")
            .RequireScope(ApiScopes.Read)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        queues.MapGet("/{name}", Get)
            .WithName("GetQueue")
            .WithSummary("Get a queue")
            .WithDescription("The queue's status, as in the list. Queues exist by name: one that never held a job shows zeros.")
            .RequireScope(ApiScopes.Read)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        queues.MapPut("/{name}", Update)
            .WithName("UpdateQueue")
            .WithSummary("Change a queue's settings")
            .WithDescription(
                "Replaces the queue's settings: concurrencyLimit (running jobs across the cluster; absent = none), retry and " +
                "resources (defaults for its jobs' unset values, before the server's), allowNetwork (whether jobs may ask for " +
                "\"network\": \"bridge\"). Jobs already running keep what they started with. Admin scope, on a key allowed on every queue.")
            .RequireScope(ApiScopes.Admin)
            .Accepts<QueueSettings>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        queues.MapPost("/{name}/pause", Pause)
            .WithName("PauseQueue")
            .WithSummary("Pause a queue")
            .WithDescription("The queue hands out no more work; its jobs wait (Queued) and running ones finish. Idempotent.")
            .RequireScope(ApiScopes.Operate)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        queues.MapPost("/{name}/resume", Resume)
            .WithName("ResumeQueue")
            .WithSummary("Resume a queue")
            .WithDescription("The queue dispatches its waiting jobs again. Idempotent.")
            .RequireScope(ApiScopes.Operate)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return queues;
    }

    private static async Task<Ok<QueueStatus[]>> List(HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        return TypedResults.Ok((await client.ListQueuesAsync(cancellationToken)).Where(q => principal.MayUse(q.Name)).ToArray());
    }

    private static Task<Results<Ok<QueueStatus>, ProblemHttpResult>> Get(
        string name, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken) =>
        context.Principal().MayUse(name)
            ? Answer(() => client.GetQueueAsync(name, cancellationToken))
            : Task.FromResult<Results<Ok<QueueStatus>, ProblemHttpResult>>(AccessProblems.QueueForbidden(name));

    private static async Task<Results<Ok<QueueStatus>, ProblemHttpResult>> Update(
        string name, HttpContext context, JobSchedulerClient client, IOptions<HttpJsonOptions> json, Audit audit, CancellationToken cancellationToken)
    {
        // Settings decide network access and container identity: an operator's decision, not a tenant's.
        var principal = context.Principal();
        if (principal.IsTenant)
            return AccessProblems.TenantCannot("change queue settings");
        var body = await JsonBody.ReadAsync<QueueSettings>(context.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        var answer = await Answer(() => client.UpdateQueueAsync(name, body.Value, cancellationToken));
        if (answer.Result is Ok<QueueStatus>)
            audit.QueueChanged(principal.Actor, "changed the settings of", name);
        return answer;
    }

    private static Task<Results<Ok<QueueStatus>, ProblemHttpResult>> Pause(
        string name, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken) =>
        Operate(context, name, "paused", audit, () => client.PauseQueueAsync(name, cancellationToken));

    private static Task<Results<Ok<QueueStatus>, ProblemHttpResult>> Resume(
        string name, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken) =>
        Operate(context, name, "resumed", audit, () => client.ResumeQueueAsync(name, cancellationToken));

    private static async Task<Results<Ok<QueueStatus>, ProblemHttpResult>> Operate(
        HttpContext context, string name, string action, Audit audit, Func<Task<QueueStatus>> call)
    {
        var principal = context.Principal();
        if (!principal.MayUse(name))
            return AccessProblems.QueueForbidden(name);
        var answer = await Answer(call);
        if (answer.Result is Ok<QueueStatus>)
            audit.QueueChanged(principal.Actor, action, name);
        return answer;
    }

    private static async Task<Results<Ok<QueueStatus>, ProblemHttpResult>> Answer(Func<Task<QueueStatus>> call)
    {
        try
        {
            return TypedResults.Ok(await call());
        }
        catch (JobValidationException e)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(e.Errors));
        }
    }
}
