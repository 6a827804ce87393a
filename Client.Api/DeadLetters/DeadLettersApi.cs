using System.ComponentModel;
using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Jobs;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobScheduler.Client.Api.DeadLetters;

/// <summary>
/// The <c>/api/v1/dead-letters</c> resource: the jobs that exhausted their retry policy, to list, delete or start again,
/// through <see cref="JobSchedulerClient"/>. A single job is requeued with <c>POST /api/v1/jobs/{id}/requeue</c>.
/// </summary>
public static class DeadLettersApi
{
    /// <summary>The route prefix of the resource.</summary>
    public const string Prefix = "/api/v1/dead-letters";

    // The list is DeadLettered by definition; a state sent anyway would be silently overridden, so it is refused.
    private const string StateParameter = "state";

    /// <summary>Maps the dead-letter endpoints under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapDeadLettersApi(this IEndpointRouteBuilder endpoints)
    {
        var deadLetters = endpoints.MapGroup(Prefix).WithTags("Dead letters");

        deadLetters.MapGet("/", List)
            .WithName("ListDeadLetters")
            .WithSummary("List dead letters")
            .WithDescription(
                "One page of DeadLettered jobs (every attempt their retry policy allowed failed), newest first, " +
                "filtered by queue and one label. The state is fixed: a state parameter is rejected.")
            .RequireScope(ApiScopes.Read)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        deadLetters.MapDelete("/{id}", Delete)
            .WithName("DeleteDeadLetter")
            .WithSummary("Delete a dead letter")
            .WithDescription(
                "Deletes a DeadLettered job with its history; afterwards the job is unknown (404). " +
                "A job in any other state is not deleted: the answer is 404, as for an unknown id.")
            .RequireScope(ApiScopes.Operate)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        deadLetters.MapPost("/requeue", RequeueAll)
            .WithName("RequeueDeadLetters")
            .WithSummary("Requeue dead letters in bulk")
            .WithDescription(
                "Starts again every DeadLettered job matching the filter (queue and one label, combined with AND; " +
                "no filter means every dead letter), as POST /api/v1/jobs/{id}/requeue does for one job. " +
                "Returns how many were requeued. A key limited to queues requeues only theirs.")
            .RequireScope(ApiScopes.Operate)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return deadLetters;
    }

    private static async Task<Results<Ok<JobPage>, ProblemHttpResult>> List(
        HttpContext context, [AsParameters] DeadLetterListRequest parameters, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        parameters.TryGetQuery(out var query, out var errors);
        RefuseState(context.Request, errors);
        if (query is null || errors.Count > 0)
            return ApiProblems.Validation(errors);
        return await TenantListing.ListAsync(client, query, context.Principal(), cancellationToken) is { } page
            ? TypedResults.Ok(page)
            : JobsApi.ListingForbidden(query);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        if (!await JobsApi.MaySeeAsync(context, id, client, cancellationToken) || !await client.DeleteDeadLetterAsync(id, cancellationToken))
            return ApiProblems.DeadLetterNotFound(id);
        audit.DeadLetterDeleted(context.Principal().Actor, id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DeadLetterRequeueResult>, ProblemHttpResult>> RequeueAll(
        HttpContext context,
        [FromQuery, Description("Only dead letters of this queue.")] string? queue,
        [FromQuery, Description("Only dead letters carrying this label, as key=value (one label filter).")] string[]? label,
        JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        new JobListRequest { Queue = queue, Label = label }.TryGetQuery(out var query, out var errors);
        RefuseState(context.Request, errors);
        if (query is null || errors.Count > 0)
            return ApiProblems.Validation(errors);
        var principal = context.Principal();
        if (query.Queue is { } asked && !principal.MayUse(asked))
            return AccessProblems.QueueForbidden(asked);
        // A tenant without a queue filter requeues each of its queues in turn, never the whole cluster's.
        IEnumerable<JobQuery> queries = query.Queue is null && principal.Queues is { } queues
            ? queues.Select(q => query with { Queue = q })
            : [query];
        var requeued = 0;
        foreach (var each in queries)
            requeued += await client.RequeueDeadLettersAsync(each, principal.Actor, cancellationToken);
        audit.DeadLettersRequeued(principal.Actor, requeued, query.Queue);
        return TypedResults.Ok(new DeadLetterRequeueResult(requeued));
    }

    private static void RefuseState(HttpRequest request, Dictionary<string, string[]> errors)
    {
        if (request.Query.ContainsKey(StateParameter))
            errors[StateParameter] = ["Dead letters are always DeadLettered; leave state out (GET /api/v1/jobs filters by any state)."];
    }
}
