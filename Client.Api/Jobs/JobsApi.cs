using System.ComponentModel;
using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace JobScheduler.Client.Api.Jobs;

/// <summary>The <c>/api/v1/jobs</c> resource: submit, read, list, read logs, cancel and requeue jobs through <see cref="JobSchedulerClient"/>.</summary>
public static class JobsApi
{
    /// <summary>The route prefix of the resource.</summary>
    public const string Prefix = "/api/v1/jobs";

    /// <summary>Maps the job endpoints under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder endpoints)
    {
        var jobs = endpoints.MapGroup(Prefix).WithTags("Jobs");

        jobs.MapPost("/", Submit)
            .WithName("SubmitJob")
            .WithSummary("Submit a job")
            .WithDescription(
                "Accepts a job spec (image, argv command, optional runAt, timeout, priority, queue, resources, env, secretEnv, labels) " +
                "and returns 202 with the job's record and its URL in Location. secretEnv holds write-only variables: their " +
                "values are encrypted at rest, reach only the container's environment, and are never returned (records show " +
                "an empty secretEnv and the names in secretEnvNames); a name may not be in both env and secretEnv. With an Idempotency-Key header, every " +
                "submission with that key (concurrent or not) returns the same job. The body is at most 64 KiB of JSON; " +
                "unknown fields and nulls in required fields are rejected; each error names its field. notify (at most 5 of " +
                "{url, events, secret}) posts the job's events to each url, signed per Standard Webhooks with the entry's secret: " +
                "yours (whsec_…, write-only) or, when left out, a generated one shown in this 202's notify[i].secret only. Each entry is " +
                "the job's own webhook subscription whj_{index}_{jobId} (delivery log under /api/v1/webhooks), removed with the job.")
            .RequireScope(ApiScopes.Submit)
            .Accepts<JobSpec>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        jobs.MapGet("/", List)
            .WithName("ListJobs")
            .WithSummary("List jobs")
            .WithDescription("One page of jobs, newest first, filtered by state, queue and one label (filters combine with AND). " +
                "A key limited to queues lists only their jobs.")
            .RequireScope(ApiScopes.Read)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        jobs.MapGet("/{id}", Get)
            .WithName("GetJob")
            .WithSummary("Get a job")
            .WithDescription("The job's spec, state, attempts, who submitted it and who cancelled or requeued it.")
            .RequireScope(ApiScopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        jobs.MapGet("/{id}/logs", GetLogs)
            .WithName("GetJobLogs")
            .WithSummary("Get a job's output")
            .WithDescription(
                "The tail (64 KiB each) of stdout and stderr of the job's latest attempt, live while it runs, and for a job " +
                "with build, of the build phase's output (build). " +
                "With ?stream=stdout, ?stream=stderr or ?stream=build, that stream alone as text/plain. " +
                "With ?follow=true, text/event-stream: the running attempt's output as the container writes it, from whichever " +
                "silo runs it, one line per event (event: build for the build phase before the container runs, then stdout or stderr; data: the line without its newline; a line over " +
                "8 KiB comes as several), starting with the lines kept so far; then one event: end with data " +
                "{\"attempt\":n,\"state\":\"Succeeded\",\"exitCode\":0} once the attempt's result is recorded. A job that is " +
                "not running gives its stored tail, then end. A follower that falls too far behind is dropped: its end event " +
                "carries \"dropped\":true and a reason. ?stream= limits the follow to one stream.")
            .RequireScope(ApiScopes.Read)
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        jobs.MapPost("/{id}/cancel", Cancel)
            .WithName("CancelJob")
            .WithSummary("Cancel a job")
            .WithDescription(
                "Requests cancellation and returns the job's record afterwards. A running container is stopped; " +
                "a job that already finished is returned unchanged.")
            .RequireScope(ApiScopes.Operate)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        jobs.MapPost("/{id}/requeue", Requeue)
            .WithName("RequeueJob")
            .WithSummary("Requeue a failed or dead-lettered job")
            .WithDescription(
                "Starts a Failed or DeadLettered job again: it becomes Queued, its next attempt continues the numbering, " +
                "its earlier attempts are kept, and its retry policy counts attempts afresh from here. Returns the job's record. " +
                "A job in any other state is left alone and answered with 409, naming the state it is in.")
            .RequireScope(ApiScopes.Operate)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return jobs;
    }

    private static async Task<Results<Accepted<JobRecord>, ValidationProblem, ProblemHttpResult>> Submit(
        HttpContext context,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        JobSchedulerClient client,
        IOptions<HttpJsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<JobSpec>(context.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        var principal = context.Principal();
        if (!principal.MayUse(body.Value.Queue))
            return AccessProblems.QueueForbidden(body.Value.Queue);
        try
        {
            var job = await client.SubmitAsync(body.Value, idempotencyKey, principal.Actor, cancellationToken);
            return TypedResults.Accepted(Location(job.Id), job);
        }
        catch (JobValidationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(e.Errors));
        }
    }

    private static async Task<Results<Ok<JobPage>, ProblemHttpResult>> List(
        [AsParameters] JobListRequest request, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        if (!request.TryGetQuery(out var query, out var errors))
            return ApiProblems.Validation(errors);
        return await TenantListing.ListAsync(client, query, context.Principal(), cancellationToken) is { } page
            ? TypedResults.Ok(page)
            : ListingForbidden(query);
    }

    private static async Task<Results<Ok<JobRecord>, ProblemHttpResult>> Get(
        string id, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.GetAsync(id, cancellationToken) is { } job && context.Principal().MaySee(job)
            ? TypedResults.Ok(job)
            : ApiProblems.JobNotFound(id);

    private static async Task<Results<Ok<JobLogs>, ContentHttpResult, ServerSentEventsResult<string>, ProblemHttpResult>> GetLogs(
        string id,
        [FromQuery, Description("stdout, stderr or build: return that stream alone as text/plain (or follow that stream alone).")] string? stream,
        [FromQuery, Description("true: follow the running attempt's output as Server-Sent Events until the attempt ends.")] string? follow,
        HttpContext context, JobSchedulerClient client, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken)
    {
        if (stream is not (null or "stdout" or "stderr" or "build"))
            return ApiProblems.Validation("stream", "Use stdout, stderr or build, or leave it out for every stream as JSON.");
        if (follow is not (null or "true" or "false"))
            return ApiProblems.Validation("follow", "Use true to follow the output as Server-Sent Events, or false (the default).");
        if (follow == "true")
        {
            if (await client.GetAsync(id, cancellationToken) is not { } job || !context.Principal().MaySee(job))
                return ApiProblems.JobNotFound(id);
            LogStream? only = stream switch { "stdout" => LogStream.Stdout, "stderr" => LogStream.Stderr, "build" => LogStream.Build, _ => null };
            return TypedResults.ServerSentEvents(LogFollow.EventsAsync(job, only, client, json.Value.SerializerOptions, context.RequestAborted));
        }
        if (!await MaySeeAsync(context, id, client, cancellationToken) || await client.GetLogsAsync(id, cancellationToken) is not { } logs)
            return ApiProblems.JobNotFound(id);
        return stream switch
        {
            "stdout" => TypedResults.Text(logs.Stdout, "text/plain; charset=utf-8"),
            "stderr" => TypedResults.Text(logs.Stderr, "text/plain; charset=utf-8"),
            "build" => TypedResults.Text(logs.Build, "text/plain; charset=utf-8"),
            _ => TypedResults.Ok(logs),
        };
    }

    private static async Task<Results<Ok<JobRecord>, ProblemHttpResult>> Cancel(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        var actor = context.Principal().Actor;
        if (!await MaySeeAsync(context, id, client, cancellationToken) || await client.CancelAsync(id, actor, cancellationToken) is not { } job)
            return ApiProblems.JobNotFound(id);
        audit.JobCancelled(actor, id);
        return TypedResults.Ok(job);
    }

    private static async Task<Results<Ok<JobRecord>, ProblemHttpResult>> Requeue(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        // The grain answers a refused requeue with the record unchanged, which alone cannot tell "refused" from
        // "requeued" (both may be Queued afterwards). Reading first gives the state to judge and to name in the 409.
        var principal = context.Principal();
        if (await client.GetAsync(id, cancellationToken) is not { } before || !principal.MaySee(before))
            return ApiProblems.JobNotFound(id);
        if (!before.State.IsRequeueable())
            return ApiProblems.JobNotRequeueable(id, before.State);
        // Failed and DeadLettered are left only by a requeue or a delete, so nothing else can intervene here.
        if (await client.RequeueAsync(id, principal.Actor, cancellationToken) is not { } requeued)
            return ApiProblems.JobNotFound(id); // deleted as a dead letter in between
        audit.JobRequeued(principal.Actor, id);
        return TypedResults.Ok(requeued);
    }

    /// <summary>
    /// Whether the caller may see the job: always for a principal allowed on every queue (no read needed), otherwise
    /// only a job of one of its queues. A job of another tenant answers as unknown, so its existence does not leak.
    /// </summary>
    internal static async Task<bool> MaySeeAsync(HttpContext context, string id, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        return !principal.IsTenant || (await client.GetAsync(id, cancellationToken) is { } job && principal.MaySee(job));
    }

    /// <summary>The 403 (a queue outside the key's) or 400 (too deep a merged page) for a listing a tenant may not have.</summary>
    internal static ProblemHttpResult ListingForbidden(JobQuery query) =>
        query.Queue is { } queue
            ? AccessProblems.QueueForbidden(queue)
            : ApiProblems.Validation("page", $"A key limited to several queues can page to row {TenantListing.MaxMergedRows} at most; filter by queue to go deeper.");

    private static string Location(string id) => $"{Prefix}/{Uri.EscapeDataString(id)}";
}
