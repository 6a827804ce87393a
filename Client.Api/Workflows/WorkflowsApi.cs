using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace JobScheduler.Client.Api.Workflows;

/// <summary>The <c>/api/v1/workflows</c> resource: start, list, read and cancel DAG workflows through <see cref="JobSchedulerClient"/>.</summary>
public static class WorkflowsApi
{
    /// <summary>The route prefix of the resource.</summary>
    public const string Prefix = "/api/v1/workflows";

    /// <summary>
    /// The largest workflow body accepted: 256 KiB. A workflow holds up to 100 job templates, so the 64 KiB of a single
    /// job would not fit a large one; each template is still capped by the job rules.
    /// </summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Maps the workflow endpoints under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapWorkflowsApi(this IEndpointRouteBuilder endpoints)
    {
        var workflows = endpoints.MapGroup(Prefix).WithTags("Workflows");

        workflows.MapPost("/", Start)
            .RequireScope(ApiScopes.Submit)
            .WithName("StartWorkflow")
            .WithSummary("Start a workflow")
            .WithDescription(
                "Accepts a DAG of named steps (each a job template with dependsOn) and a failurePolicy (FailFast or Continue), " +
                "starts its root steps and returns 202 with the workflow's record and its URL in Location. A cycle, an unknown " +
                "or duplicate step name, more than 100 steps or an invalid template is a 400 naming the step's field " +
                "(e.g. steps[1].dependsOn[0]). The body is at most 256 KiB of JSON; unknown fields are rejected.")
            .Accepts<WorkflowSpec>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workflows.MapGet("/", List)
            .RequireScope(ApiScopes.Read)
            .WithName("ListWorkflows")
            .WithSummary("List workflows")
            .WithDescription(
                "One page of workflows, newest first: { items, page, pageSize, total }, each item with id, state, name (its " +
                "'name' label, if any), steps (how many steps are in each state), createdAt, updatedAt, endedAt, queues and " +
                "labels. ?page from 1 (default 1), ?pageSize 1-500 (default 50), ?state=Running|Succeeded|Failed|Cancelled; " +
                "a bad value is a 400 naming it. A key limited to queues lists, and counts in total, only the workflows whose " +
                "steps all run in its queues.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workflows.MapGet("/{id}", Get)
            .RequireScope(ApiScopes.Read)
            .WithName("GetWorkflow")
            .WithSummary("Get a workflow")
            .WithDescription("The workflow's spec and state, and every step's state, job id, exit code, output line and times, in spec order.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        workflows.MapPost("/{id}/cancel", Cancel)
            .RequireScope(ApiScopes.Operate)
            .WithName("CancelWorkflow")
            .WithSummary("Cancel a workflow")
            .WithDescription(
                "The workflow becomes Cancelled: pending steps never run and running steps' jobs are cancelled. Returns the " +
                "record afterwards. Idempotent: a workflow that already finished is returned unchanged with 200.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return workflows;
    }

    private static async Task<Results<Accepted<WorkflowRecord>, ValidationProblem, ProblemHttpResult>> Start(
        HttpContext context, JobSchedulerClient client, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WorkflowSpec>(context.Request, json.Value.SerializerOptions, MaxBodyBytes, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        if (context.Principal().FirstForbidden(TenantQueues.Of(body.Value)) is { } forbidden)
            return AccessProblems.QueueForbidden(forbidden);
        try
        {
            var workflow = await client.StartWorkflowAsync(body.Value, cancellationToken);
            return TypedResults.Accepted(Location(workflow.Id), workflow);
        }
        catch (JobValidationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(e.Errors));
        }
    }

    private static async Task<Results<Ok<WorkflowPage>, ProblemHttpResult>> List(
        [AsParameters] WorkflowListRequest request, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        if (!request.TryGetQuery(out var query, out var errors))
            return ApiProblems.Validation(errors);
        // A tenant's page is filtered in the index (which keeps each workflow's queues), as GET /{id} decides: all its steps' queues.
        if (context.Principal().Queues is { } queues)
            query = query with { Queues = [.. queues] };
        return TypedResults.Ok(await client.ListWorkflowsAsync(query, cancellationToken));
    }

    private static async Task<Results<Ok<WorkflowRecord>, ProblemHttpResult>> Get(
        string id, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.GetWorkflowAsync(id, cancellationToken) is { } workflow && context.Principal().MaySee(workflow)
            ? TypedResults.Ok(workflow)
            : ApiProblems.WorkflowNotFound(id);

    private static async Task<Results<Ok<WorkflowRecord>, ProblemHttpResult>> Cancel(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        if (principal.IsTenant && !(await client.GetWorkflowAsync(id, cancellationToken) is { } existing && principal.MaySee(existing)))
            return ApiProblems.WorkflowNotFound(id);
        if (await client.CancelWorkflowAsync(id, cancellationToken) is not { } workflow)
            return ApiProblems.WorkflowNotFound(id);
        audit.WorkflowCancelled(principal.Actor, id);
        return TypedResults.Ok(workflow);
    }

    private static string Location(string id) => $"{Prefix}/{Uri.EscapeDataString(id)}";
}
