using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobScheduler.Client.Api.Events;

/// <summary>The <c>/api/v1/events</c> resource: every job transition, schedule firing and workflow step change, live, as Server-Sent Events.</summary>
public static class EventsApi
{
    /// <summary>The route of the stream.</summary>
    public const string Path = "/api/v1/events";

    /// <summary>The first item of every stream: where it starts, so a client that reconnects before any event resumes there.</summary>
    public const string ReadyEvent = "ready";

    /// <summary>The keep-alive item, sent after 15 s without an event; it carries no id.</summary>
    public const string PingEvent = "ping";

    /// <summary>Maps the event stream.</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Stream)
            .WithTags("Events")
            .WithName("StreamEvents")
            .WithSummary("Follow job, schedule and workflow events")
            .WithDescription(
                "A text/event-stream of events in log order: `event: job`, `schedule` or `workflow`, `id:` the event id, `data:` the " +
                "event as JSON (kind, at, jobId, attempt, from, to, reason, exitCode, queue, labels, actor, worker, workflowId, step, " +
                "stepState, workflowState, scheduleId; absent fields are omitted). The first item is `event: ready` whose id is " +
                "where the stream starts. Filters combine with AND. A client reconnecting with Last-Event-ID (or ?after) resumes " +
                "after that event with no gap and no repeat, on any API process, as long as the log still holds it " +
                "(Scheduler:Events:MaxLength and MaxAge). A key limited to queues gets only its queues' events. " +
                "`event: ping` comes after 15 s without an event.")
            .RequireScope(ApiScopes.Read)
            .Produces<SchedulerEvent>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> Stream(
        [AsParameters] EventStreamRequest request, HttpContext context, EventHub hub, CancellationToken cancellationToken)
    {
        if (!request.TryGetFilter(context.Principal(), out var filter, out var after, out var errors))
            return ApiProblems.Validation(errors);
        var start = after ?? await hub.TailAsync(cancellationToken);
        // Proxies (nginx) buffer responses unless told not to; an event stream must reach the client as it is written.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Items(hub, filter, start, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> Items(
        EventHub hub, EventFilter filter, EventPosition start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<string>($$"""{"after":"{{start}}"}""", ReadyEvent) { EventId = start.ToString() };
        await foreach (var e in hub.ReadAsync(filter, start, cancellationToken))
        {
            yield return e is null
                ? new SseItem<string>("{}", PingEvent)
                : new SseItem<string>(JsonSerializer.Serialize(e, SchedulerEventJson.Default.SchedulerEvent), KindName(e.Kind)) { EventId = e.Id };
        }
    }

    private static string KindName(SchedulerEventKind kind) => kind switch
    {
        SchedulerEventKind.Job => "job",
        SchedulerEventKind.Schedule => "schedule",
        SchedulerEventKind.Workflow => "workflow",
        _ => "event",
    };
}
