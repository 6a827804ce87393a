using System.ComponentModel;
using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Security;
using JobScheduler.Client.Api.Jobs;
using JobScheduler.Client.Api.Workflows;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace JobScheduler.Client.Api.Schedules;

/// <summary>
/// The <c>/api/v1/schedules</c> resource: cron schedules that start a job per occurrence, through
/// <see cref="JobSchedulerClient"/>.
/// </summary>
public static class SchedulesApi
{
    /// <summary>The route prefix of the resource.</summary>
    public const string Prefix = "/api/v1/schedules";

    /// <summary>Maps the schedule endpoints under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapSchedulesApi(this IEndpointRouteBuilder endpoints)
    {
        var schedules = endpoints.MapGroup(Prefix).WithTags("Schedules");

        schedules.MapPost("/", Create)
            .RequireScope(ApiScopes.Submit)
            .WithName("CreateSchedule")
            .WithSummary("Create a schedule")
            .WithDescription(
                "Accepts a cron expression (5 fields, 6 with seconds first, or a macro such as @hourly), an IANA time zone " +
                "(default UTC), a job template (a job spec without runAt), an overlap policy (Allow, Skip, Queue; default Skip) " +
                "and a misfire policy (Skip, RunOnce; default RunOnce). Returns 201 with the schedule and its URL in Location. " +
                "Each error names its field (cron, timeZone, job.image, ...). The caller is recorded as createdBy; a caller " +
                "that already holds Scheduler:Auth:Quotas:MaxSchedules schedules (default 10000) gets 429 with Retry-After " +
                "and limit principal.maxSchedules, and nothing is stored.")
            .Accepts<ScheduleSpec>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapGet("/", List)
            .RequireScope(ApiScopes.Read)
            .WithName("ListSchedules")
            .WithSummary("List schedules")
            .WithDescription(
                "One page of schedules (id, cron, time zone, paused, next occurrence, description, createdBy), newest first: " +
                "{ items, page, pageSize, total }. ?page from 1 (default 1), ?pageSize 1-500 (default 50); a bad value is a 400 " +
                "naming it. A key limited to queues lists, and counts in total, only the schedules whose template uses its queues alone.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapGet("/{id}", Get)
            .RequireScope(ApiScopes.Read)
            .WithName("GetSchedule")
            .WithSummary("Get a schedule")
            .WithDescription("The schedule, its recent runs and its next occurrences (?next=N, 0-100, default 5; none while paused).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapPut("/{id}", Update)
            .RequireScope(ApiScopes.Submit)
            .WithName("UpdateSchedule")
            .WithSummary("Replace a schedule")
            .WithDescription("Replaces the whole spec (same body as create), keeping the id and the runs; the next occurrence is recomputed from now.")
            .Accepts<ScheduleSpec>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapDelete("/{id}", Delete)
            .RequireScope(ApiScopes.Operate)
            .WithName("DeleteSchedule")
            .WithSummary("Delete a schedule")
            .WithDescription("Deletes the schedule; no further occurrence runs. Jobs it already started keep running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapPost("/{id}/pause", Pause)
            .RequireScope(ApiScopes.Operate)
            .WithName("PauseSchedule")
            .WithSummary("Pause a schedule")
            .WithDescription("Stops the schedule from running occurrences; idempotent. Occurrences during the pause are never run later.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapPost("/{id}/resume", Resume)
            .RequireScope(ApiScopes.Operate)
            .WithName("ResumeSchedule")
            .WithSummary("Resume a schedule")
            .WithDescription("Resumes a paused schedule from now (its next occurrence is the first after now); idempotent.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapPost("/{id}/trigger", Trigger)
            .RequireScope(ApiScopes.Operate)
            .WithName("TriggerSchedule")
            .WithSummary("Run a schedule now")
            .WithDescription(
                "Starts the schedule's job (or workflow) now, whatever its overlap policy and even while paused. Returns 202 " +
                "with the job's record and its URL in Location, or for a workflow template the workflow's record and URL. " +
                "The occurrence is the trigger time: each trigger starts its own run. When the server or the queue now " +
                "refuses the template (its policy changed after the schedule was written), the run is recorded as failed, " +
                "later occurrences still fire, and the answer is 409 with the template's problems keyed by field (job.network).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapGet("/{id}/runs", Runs)
            .RequireScope(ApiScopes.Read)
            .WithName("GetScheduleRuns")
            .WithSummary("List a schedule's runs")
            .WithDescription("The newest 50 runs first: occurrence, kind (Scheduled, CatchUp, Manual), job id and state, or why it was skipped.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return schedules;
    }

    private static async Task<Results<Created<ScheduleRecord>, ProblemHttpResult>> Create(
        HttpContext context, JobSchedulerClient client, IOptions<HttpJsonOptions> json, IOptions<AuthOptions> auth, Audit audit,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ScheduleSpec>(context.Request, json.Value.SerializerOptions, WorkflowsApi.MaxBodyBytes, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        var principal = context.Principal();
        if (principal.FirstForbidden(TenantQueues.Of(body.Value)) is { } forbidden)
            return AccessProblems.QueueForbidden(forbidden);
        var quotas = auth.Value.Quotas;
        var quota = new ScheduleQuota { MaxSchedules = quotas.MaxSchedules, RetryAfter = quotas.RetryAfter };
        try
        {
            // Over the quota the grain throws AdmissionRejectedException: ProblemExceptionHandler answers 429.
            var schedule = await client.CreateScheduleAsync(body.Value, principal.Actor, quota, cancellationToken);
            audit.ScheduleChanged(principal.Actor, "created", schedule.Id);
            return TypedResults.Created(Location(schedule.Id), schedule);
        }
        catch (JobValidationException e)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(e.Errors));
        }
    }

    private static async Task<Results<Ok<SchedulePage>, ProblemHttpResult>> List(
        [AsParameters] ScheduleListRequest request, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        if (!request.TryGetQuery(out var query, out var errors))
            return ApiProblems.Validation(errors);
        // A tenant's page is filtered in the catalog (which keeps each schedule's queues), before any schedule is read.
        if (context.Principal().Queues is { } queues)
            query = query with { Queues = [.. queues] };
        return TypedResults.Ok(await client.ListSchedulesAsync(query, cancellationToken));
    }

    private static async Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> Get(
        string id,
        [FromQuery, Description("How many next occurrences to return: 0-100, default 5.")] int? next,
        HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        if (next is < 0 or > JobSchedulerClient.MaxNextOccurrences)
            return ApiProblems.Validation("next", $"next must be between 0 and {JobSchedulerClient.MaxNextOccurrences}.");
        return await client.GetScheduleAsync(id, next ?? JobSchedulerClient.DefaultNextOccurrences, cancellationToken) is { } schedule
            && context.Principal().MaySee(schedule)
            ? TypedResults.Ok(schedule)
            : ApiProblems.ScheduleNotFound(id);
    }

    private static async Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> Update(
        string id, HttpContext context, JobSchedulerClient client, IOptions<HttpJsonOptions> json, Audit audit, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ScheduleSpec>(context.Request, json.Value.SerializerOptions, WorkflowsApi.MaxBodyBytes, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        var principal = context.Principal();
        if (!await MaySeeAsync(principal, id, client, cancellationToken))
            return ApiProblems.ScheduleNotFound(id);
        if (principal.FirstForbidden(TenantQueues.Of(body.Value)) is { } forbidden)
            return AccessProblems.QueueForbidden(forbidden);
        try
        {
            if (await client.UpdateScheduleAsync(id, body.Value, cancellationToken) is not { } schedule)
                return ApiProblems.ScheduleNotFound(id);
            audit.ScheduleChanged(principal.Actor, "changed", id);
            return TypedResults.Ok(schedule);
        }
        catch (JobValidationException e)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(e.Errors));
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        if (!await MaySeeAsync(principal, id, client, cancellationToken) || !await client.DeleteScheduleAsync(id, cancellationToken))
            return ApiProblems.ScheduleNotFound(id);
        audit.ScheduleChanged(principal.Actor, "deleted", id);
        return TypedResults.NoContent();
    }

    private static Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> Pause(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken) =>
        OperateAsync(context, id, "paused", client, audit, () => client.PauseScheduleAsync(id, cancellationToken), cancellationToken);

    private static Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> Resume(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken) =>
        OperateAsync(context, id, "resumed", client, audit, () => client.ResumeScheduleAsync(id, cancellationToken), cancellationToken);

    private static async Task<Results<Accepted<JobRecord>, Accepted<WorkflowRecord>, ProblemHttpResult>> Trigger(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        if (!await MaySeeAsync(principal, id, client, cancellationToken))
            return ApiProblems.ScheduleNotFound(id);
        var triggered = await client.TriggerScheduleAsync(id, cancellationToken);
        if (triggered is { Workflow: not null } or { Job: not null })
            audit.ScheduleChanged(principal.Actor, "triggered", id);
        return triggered switch
        {
            { Refused: { } refused } => ApiProblems.RunRefused(id, refused),
            { Workflow: { } workflow } => TypedResults.Accepted($"{WorkflowsApi.Prefix}/{Uri.EscapeDataString(workflow.Id)}", workflow),
            { Job: { } job } => TypedResults.Accepted($"{JobsApi.Prefix}/{Uri.EscapeDataString(job.Id)}", job),
            _ => ApiProblems.ScheduleNotFound(id),
        };
    }

    private static async Task<Results<Ok<ScheduleRun[]>, ProblemHttpResult>> Runs(
        string id, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await MaySeeAsync(context.Principal(), id, client, cancellationToken) && await client.GetScheduleRunsAsync(id, cancellationToken) is { } runs
            ? TypedResults.Ok(runs.ToArray())
            : ApiProblems.ScheduleNotFound(id);

    private static async Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> OperateAsync(
        HttpContext context, string id, string action, JobSchedulerClient client, Audit audit,
        Func<Task<ScheduleRecord?>> call, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        if (!await MaySeeAsync(principal, id, client, cancellationToken) || await call() is not { } schedule)
            return ApiProblems.ScheduleNotFound(id);
        audit.ScheduleChanged(principal.Actor, action, id);
        return TypedResults.Ok(schedule);
    }

    /// <summary>Whether the caller may see the schedule: always when allowed on every queue, otherwise when it uses only the tenant's queues.</summary>
    private static async Task<bool> MaySeeAsync(SchedulerPrincipal principal, string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        !principal.IsTenant || (await client.GetScheduleAsync(id, 0, cancellationToken) is { } schedule && principal.MaySee(schedule));

    private static string Location(string id) => $"{Prefix}/{Uri.EscapeDataString(id)}";
}
