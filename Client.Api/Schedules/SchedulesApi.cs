using System.ComponentModel;
using JobScheduler.Client.Api.Http;
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
            .WithName("CreateSchedule")
            .WithSummary("Create a schedule")
            .WithDescription(
                "Accepts a cron expression (5 fields, 6 with seconds first, or a macro such as @hourly), an IANA time zone " +
                "(default UTC), a job template (a job spec without runAt), an overlap policy (Allow, Skip, Queue; default Skip) " +
                "and a misfire policy (Skip, RunOnce; default RunOnce). Returns 201 with the schedule and its URL in Location. " +
                "Each error names its field (cron, timeZone, job.image, ...).")
            .Accepts<ScheduleSpec>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapGet("/", List)
            .WithName("ListSchedules")
            .WithSummary("List schedules")
            .WithDescription("Every schedule (id, cron, time zone, paused, next occurrence), in the order they were created.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapGet("/{id}", Get)
            .WithName("GetSchedule")
            .WithSummary("Get a schedule")
            .WithDescription("The schedule, its recent runs and its next occurrences (?next=N, 0-100, default 5; none while paused).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapPut("/{id}", Update)
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
            .WithName("DeleteSchedule")
            .WithSummary("Delete a schedule")
            .WithDescription("Deletes the schedule; no further occurrence runs. Jobs it already started keep running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapPost("/{id}/pause", Pause)
            .WithName("PauseSchedule")
            .WithSummary("Pause a schedule")
            .WithDescription("Stops the schedule from running occurrences; idempotent. Occurrences during the pause are never run later.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapPost("/{id}/resume", Resume)
            .WithName("ResumeSchedule")
            .WithSummary("Resume a schedule")
            .WithDescription("Resumes a paused schedule from now (its next occurrence is the first after now); idempotent.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        schedules.MapPost("/{id}/trigger", Trigger)
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
            .WithName("GetScheduleRuns")
            .WithSummary("List a schedule's runs")
            .WithDescription("The newest 50 runs first: occurrence, kind (Scheduled, CatchUp, Manual), job id and state, or why it was skipped.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return schedules;
    }

    private static async Task<Results<Created<ScheduleRecord>, ProblemHttpResult>> Create(
        HttpRequest request, JobSchedulerClient client, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ScheduleSpec>(request, json.Value.SerializerOptions, WorkflowsApi.MaxBodyBytes, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        try
        {
            var schedule = await client.CreateScheduleAsync(body.Value, cancellationToken);
            return TypedResults.Created(Location(schedule.Id), schedule);
        }
        catch (JobValidationException e)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(e.Errors));
        }
    }

    private static async Task<Ok<ScheduleSummary[]>> List(JobSchedulerClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok((await client.ListSchedulesAsync(cancellationToken)).ToArray());

    private static async Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> Get(
        string id,
        [FromQuery, Description("How many next occurrences to return: 0-100, default 5.")] int? next,
        JobSchedulerClient client, CancellationToken cancellationToken)
    {
        if (next is < 0 or > JobSchedulerClient.MaxNextOccurrences)
            return ApiProblems.Validation("next", $"next must be between 0 and {JobSchedulerClient.MaxNextOccurrences}.");
        return await client.GetScheduleAsync(id, next ?? JobSchedulerClient.DefaultNextOccurrences, cancellationToken) is { } schedule
            ? TypedResults.Ok(schedule)
            : ApiProblems.ScheduleNotFound(id);
    }

    private static async Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> Update(
        string id, HttpRequest request, JobSchedulerClient client, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ScheduleSpec>(request, json.Value.SerializerOptions, WorkflowsApi.MaxBodyBytes, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        try
        {
            return await client.UpdateScheduleAsync(id, body.Value, cancellationToken) is { } schedule
                ? TypedResults.Ok(schedule)
                : ApiProblems.ScheduleNotFound(id);
        }
        catch (JobValidationException e)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(e.Errors));
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.DeleteScheduleAsync(id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.ScheduleNotFound(id);

    private static async Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> Pause(
        string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.PauseScheduleAsync(id, cancellationToken) is { } schedule ? TypedResults.Ok(schedule) : ApiProblems.ScheduleNotFound(id);

    private static async Task<Results<Ok<ScheduleRecord>, ProblemHttpResult>> Resume(
        string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.ResumeScheduleAsync(id, cancellationToken) is { } schedule ? TypedResults.Ok(schedule) : ApiProblems.ScheduleNotFound(id);

    private static async Task<Results<Accepted<JobRecord>, Accepted<WorkflowRecord>, ProblemHttpResult>> Trigger(
        string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.TriggerScheduleAsync(id, cancellationToken) switch
        {
            { Refused: { } refused } => ApiProblems.RunRefused(id, refused),
            { Workflow: { } workflow } => TypedResults.Accepted($"{WorkflowsApi.Prefix}/{Uri.EscapeDataString(workflow.Id)}", workflow),
            { Job: { } job } => TypedResults.Accepted($"{JobsApi.Prefix}/{Uri.EscapeDataString(job.Id)}", job),
            _ => ApiProblems.ScheduleNotFound(id),
        };

    private static async Task<Results<Ok<ScheduleRun[]>, ProblemHttpResult>> Runs(
        string id, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.GetScheduleRunsAsync(id, cancellationToken) is { } runs ? TypedResults.Ok(runs.ToArray()) : ApiProblems.ScheduleNotFound(id);

    private static string Location(string id) => $"{Prefix}/{Uri.EscapeDataString(id)}";
}
