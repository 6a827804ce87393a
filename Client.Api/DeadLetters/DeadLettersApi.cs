using System.ComponentModel;
using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Jobs;
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
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        deadLetters.MapDelete("/{id}", Delete)
            .WithName("DeleteDeadLetter")
            .WithSummary("Delete a dead letter")
            .WithDescription(
                "Deletes a DeadLettered job with its history; afterwards the job is unknown (404). " +
                "A job in any other state is not deleted: the answer is 404, as for an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        deadLetters.MapPost("/requeue", RequeueAll)
            .WithName("RequeueDeadLetters")
            .WithSummary("Requeue dead letters in bulk")
            .WithDescription(
                "Starts again every DeadLettered job matching the filter (queue and one label, combined with AND; " +
                "no filter means every dead letter), as POST /api/v1/jobs/{id}/requeue does for one job. " +
                "Returns how many were requeued.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return deadLetters;
    }

    private static async Task<Results<Ok<JobPage>, ProblemHttpResult>> List(
        HttpRequest request, [AsParameters] DeadLetterListRequest parameters, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        parameters.TryGetQuery(out var query, out var errors);
        RefuseState(request, errors);
        if (query is null || errors.Count > 0)
            return ApiProblems.Validation(errors);
        return TypedResults.Ok(await client.ListAsync(query, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.DeleteDeadLetterAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.DeadLetterNotFound(id);

    private static async Task<Results<Ok<DeadLetterRequeueResult>, ProblemHttpResult>> RequeueAll(
        HttpRequest request,
        [FromQuery, Description("Only dead letters of this queue.")] string? queue,
        [FromQuery, Description("Only dead letters carrying this label, as key=value (one label filter).")] string[]? label,
        JobSchedulerClient client, CancellationToken cancellationToken)
    {
        new JobListRequest { Queue = queue, Label = label }.TryGetQuery(out var query, out var errors);
        RefuseState(request, errors);
        if (query is null || errors.Count > 0)
            return ApiProblems.Validation(errors);
        return TypedResults.Ok(new DeadLetterRequeueResult(await client.RequeueDeadLettersAsync(query, cancellationToken)));
    }

    private static void RefuseState(HttpRequest request, Dictionary<string, string[]> errors)
    {
        if (request.Query.ContainsKey(StateParameter))
            errors[StateParameter] = ["Dead letters are always DeadLettered; leave state out (GET /api/v1/jobs filters by any state)."];
    }
}
