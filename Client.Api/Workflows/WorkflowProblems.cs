using Microsoft.AspNetCore.Http.HttpResults;

namespace JobScheduler.Client.Api.Workflows;

/// <summary>The problem responses specific to workflows; the shared ones (validation, 413, 415, 503) come from <see cref="Http.ApiProblems"/>.</summary>
public static class WorkflowProblems
{
    /// <summary>404 for an id that no workflow has.</summary>
    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Workflow not found.",
            detail: $"No workflow has id '{Printable(id)}'.");

    // Request values echoed back must not carry control characters into terminals or logs.
    private static string Printable(string value) =>
        new(value.Take(128).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
