using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Outbound;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace JobScheduler.Client.Api.Webhooks;

/// <summary>
/// The <c>/api/v1/webhooks</c> resource: signed posts of job events to a URL. Scope <c>operate</c>; a global subscription
/// (no queue) needs <c>admin</c> and a key allowed on every queue; a tenant manages and sees only its queues' subscriptions.
/// </summary>
public static class WebhooksApi
{
    /// <summary>The route prefix of the resource.</summary>
    public const string Prefix = "/api/v1/webhooks";

    /// <summary>Maps the webhook endpoints under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        var webhooks = endpoints.MapGroup(Prefix).WithTags("Webhooks").RequireScope(ApiScopes.Operate);

        webhooks.MapPost("/", Create)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to job events")
            .WithDescription(
                "Creates a subscription: url, events (job states such as Succeeded, Failed, DeadLettered, or \"*\"), and optional " +
                "filters queue, scheduleId, workflowId, jobId. Returns 201 with the signing secret (whsec_…), shown this once. Each " +
                "matching job event is posted at least once, signed per Standard Webhooks (webhook-id = the event id, " +
                "webhook-timestamp, webhook-signature v1), retried with backoff for up to Scheduler:Webhooks:RetryWindow (24 h), " +
                "then dead-lettered. Without queue the subscription is global: admin scope and a key allowed on every queue.")
            .Accepts<WebhookRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        webhooks.MapGet("/", List)
            .WithName("ListWebhooks")
            .WithSummary("List webhook subscriptions")
            .WithDescription("The subscriptions this key may see (a tenant: its queues'; global ones: admin), oldest first; never a secret.");

        webhooks.MapGet("/{id}", Get)
            .WithName("GetWebhook")
            .WithSummary("Get a webhook subscription")
            .WithDescription("A managed subscription (wh_…) or a job's own (whj_{index}_{jobId}, made from the job's notify list; seen by whoever may see the job).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapDelete("/{id}", Delete)
            .WithName("DeleteWebhook")
            .WithSummary("Delete a webhook subscription")
            .WithDescription("Deletes the subscription; its pending deliveries are dead-lettered when they come due. 204. A job's own " +
                "subscription (whj_…, made from its notify list) is 409: it ends with its job.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        webhooks.MapGet("/{id}/deliveries", Deliveries)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The subscription's delivery log")
            .WithDescription("Newest first (limit 1-1000, default 100): event id and type, status (Pending, Succeeded, DeadLettered), attempts, response code, latency, error.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapPost("/{id}/deliveries/{deliveryId}/resend", Resend)
            .WithName("ResendWebhookDelivery")
            .WithSummary("Send a delivery again")
            .WithDescription("Makes the delivery pending, due now, with a new retry window (same webhook-id). Returns the delivery.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return webhooks;
    }

    private static async Task<Results<Created<WebhookCreated>, ProblemHttpResult>> Create(
        HttpContext context, IOptions<HttpJsonOptions> json, IOptions<OutboundOptions> outbound, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WebhookRequest>(context.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        var request = body.Value;
        var principal = context.Principal();
        if (request.Queue is null)
        {
            if (principal.IsTenant)
                return ApiProblems.Validation("queue", "A key limited to queues must name one of its queues.");
            if (!principal.Scopes.Contains(ApiScopes.Admin))
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "A global subscription needs the admin scope.",
                    detail: "Name a queue, or use a key with the admin scope.");
        }
        else if (!principal.MayUse(request.Queue))
            return AccessProblems.QueueForbidden(request.Queue);
        if (Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && OutboundHostRules.UrlRefusal(url, outbound.Value) is { } refusal)
            return ApiProblems.Validation("url", $"The server does not post to this URL: {refusal}.");
        WebhookCreated created;
        try
        {
            created = await client.CreateWebhookAsync(request, principal.Actor, cancellationToken);
        }
        catch (JobValidationException e)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(e.Errors));
        }
        return TypedResults.Created($"{Prefix}/{created.Subscription.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<WebhookSubscription>>> List(HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        var all = await client.ListWebhooksAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WebhookSubscription>>([.. all.Where(s => MaySee(principal, s))]);
    }

    private static async Task<Results<Ok<WebhookSubscription>, ProblemHttpResult>> Get(
        string id, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await Visible(id, context, client, cancellationToken) is { } subscription ? TypedResults.Ok(subscription) : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        if (await Visible(id, context, client, cancellationToken) is null)
            return NotFound(id);
        if (JobNotifyTarget.TryParseSubscriptionId(id, out var jobId, out _))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A job's notify subscription ends with its job.",
                detail: $"The subscription was made from job '{jobId}''s notify list; it is removed when the job is deleted or expires.");
        return await client.DeleteWebhookAsync(id, context.Principal().Actor, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookDelivery>>, ProblemHttpResult>> Deliveries(
        string id, int? limit, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
            return ApiProblems.Validation("limit", "The limit must be between 1 and 1000.");
        if (await Visible(id, context, client, cancellationToken) is null)
            return NotFound(id);
        return TypedResults.Ok(await client.ListWebhookDeliveriesAsync(id, limit ?? 100, cancellationToken));
    }

    private static async Task<Results<Ok<WebhookDelivery>, ProblemHttpResult>> Resend(
        string id, string deliveryId, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken)
    {
        if (await Visible(id, context, client, cancellationToken) is null)
            return NotFound(id);
        return await client.ResendWebhookDeliveryAsync(id, deliveryId, cancellationToken) is { } delivery
            ? TypedResults.Ok(delivery)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Delivery not found.", detail: "The subscription has no delivery with this id (or it is no longer kept).");
    }

    private static async Task<WebhookSubscription?> Visible(string id, HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken) =>
        await client.GetWebhookAsync(id, cancellationToken) is { } subscription && MaySee(context.Principal(), subscription) ? subscription : null;

    // A global subscription belongs to admins allowed on every queue; a queue's to whoever may use the queue.
    private static bool MaySee(SchedulerPrincipal principal, WebhookSubscription subscription) =>
        subscription.Queue is null ? !principal.IsTenant && principal.Scopes.Contains(ApiScopes.Admin) : principal.MayUse(subscription.Queue);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Webhook subscription not found.", detail: "No subscription this key may see has this id.");
}
