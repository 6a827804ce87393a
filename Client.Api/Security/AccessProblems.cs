using Microsoft.AspNetCore.Http.HttpResults;

namespace JobScheduler.Client.Api.Security;

/// <summary>The 403 problems of the access policy, built in one place.</summary>
public static class AccessProblems
{
    /// <summary>403 for a queue the principal is not limited to.</summary>
    public static ProblemHttpResult QueueForbidden(string queue) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "The queue is outside this key's queues.",
            detail: $"This key may not use queue '{queue}'.",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["queue"] = queue });

    /// <summary>403 for an action that only a principal allowed on every queue may take (workers, keys).</summary>
    public static ProblemHttpResult TenantCannot(string action) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "A key limited to some queues cannot do this.",
            detail: $"Only a key allowed on every queue may {action}.");
}
