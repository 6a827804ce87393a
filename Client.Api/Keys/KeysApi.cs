using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace JobScheduler.Client.Api.Keys;

/// <summary>
/// The <c>/api/v1/keys</c> resource: create, list and revoke API keys. Admin scope, and a key that may use every
/// queue: a tenant cannot mint keys.
/// </summary>
public static partial class KeysApi
{
    /// <summary>The route prefix of the resource.</summary>
    public const string Prefix = "/api/v1/keys";

    /// <summary>Maps the key endpoints under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.MapGroup(Prefix).WithTags("Keys").RequireScope(ApiScopes.Admin);

        keys.MapPost("/", Create)
            .WithName("CreateKey")
            .WithSummary("Create an API key")
            .WithDescription(
                "Creates a key with a name, scopes (read, submit, operate, admin, metrics) and optionally the queues it is limited to " +
                "(a tenant). Returns 201 with the key itself, shown this once: only its SHA-256 hash is stored.")
            .Accepts<ApiKeyRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        keys.MapGet("/", List)
            .WithName("ListKeys")
            .WithSummary("List API keys")
            .WithDescription("Every key with its scopes, queues, creator and revocation; never a secret.");

        keys.MapDelete("/{id}", Revoke)
            .WithName("RevokeKey")
            .WithSummary("Revoke an API key")
            .WithDescription("Revokes the key; every API process refuses it within Scheduler:Auth:KeyCacheDuration (2 s). Idempotent; returns the key.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return keys;
    }

    private static async Task<Results<Created<ApiKeyCreated>, ProblemHttpResult>> Create(
        HttpContext context, IOptions<HttpJsonOptions> json, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        if (Refuse(context) is { } refused)
            return refused;
        var body = await JsonBody.ReadAsync<ApiKeyRequest>(context.Request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsValid)
            return body.Problem;
        var actor = context.Principal().Actor;
        ApiKeyCreated created;
        try
        {
            created = await client.CreateApiKeyAsync(body.Value, actor, cancellationToken);
        }
        catch (JobValidationException e)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(e.Errors));
        }
        audit.KeyCreated(actor, created.Info.Id);
        return TypedResults.Created($"{Prefix}/{created.Info.Id}", created);
    }

    private static async Task<Results<Ok<IReadOnlyList<ApiKeyInfo>>, ProblemHttpResult>> List(
        HttpContext context, JobSchedulerClient client, CancellationToken cancellationToken) =>
        Refuse(context) is { } refused
            ? refused
            : TypedResults.Ok(await client.ListApiKeysAsync(cancellationToken));

    private static async Task<Results<Ok<ApiKeyInfo>, ProblemHttpResult>> Revoke(
        string id, HttpContext context, JobSchedulerClient client, Audit audit, CancellationToken cancellationToken)
    {
        if (Refuse(context) is { } refused)
            return refused;
        var actor = context.Principal().Actor;
        if (await client.RevokeApiKeyAsync(id, actor, cancellationToken) is not { } key)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Key not found.", detail: "No API key has this id.");
        audit.KeyRevoked(actor, key.Id);
        return TypedResults.Ok(key);
    }

    private static ProblemHttpResult? Refuse(HttpContext context) =>
        context.Principal().IsTenant ? AccessProblems.TenantCannot("manage API keys") : null;
}
