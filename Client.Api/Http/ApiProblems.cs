using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobScheduler.Client.Api.Http;

/// <summary>The RFC 9457 problem responses the API returns, built in one place so their titles and types agree.</summary>
public static class ApiProblems
{
    /// <summary>400 with one field error, in the shape of a validation problem (<c>errors</c> keyed by field path).</summary>
    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>400 with the given field errors.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        });

    /// <summary>404 for a job id that no job has.</summary>
    public static ProblemHttpResult JobNotFound(string id) => NotFound("job", id);

    /// <summary>404 for a schedule id that no schedule has.</summary>
    public static ProblemHttpResult ScheduleNotFound(string id) => NotFound("schedule", id);

    /// <summary>404 for a workflow id that no workflow has.</summary>
    public static ProblemHttpResult WorkflowNotFound(string id) => NotFound("workflow", id);

    /// <summary>404 for a worker id that no active silo has; points at the list.</summary>
    public static ProblemHttpResult WorkerNotFound(string id, string listPath) =>
        NotFound("worker", id, $"No active silo has worker id '{Printable(id)}'. GET {listPath} lists them.");

    /// <summary>409 for a requeue of a job that is not <c>Failed</c> or <c>DeadLettered</c>; names the state it is in.</summary>
    public static ProblemHttpResult JobNotRequeueable(string id, JobState state) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The job cannot be requeued.",
            detail: $"Job '{Printable(id)}' is {state}; only Failed and DeadLettered jobs can be requeued.",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["state"] = state.ToString() });

    /// <summary>
    /// 409 for a schedule's run that could not start because the server or the queue refuses its template now; the
    /// <c>errors</c> name the template's fields (<c>job.network</c>).
    /// </summary>
    public static ProblemHttpResult RunRefused(string scheduleId, IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>(errors))
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The schedule's run could not start.",
            Detail = $"The server or the queue refuses the template of schedule '{Printable(scheduleId)}' as it stands; the run is recorded as failed and later occurrences still fire. Fix the template or the queue's settings.",
        });

    /// <summary>404 for an id that no dead-lettered job has (unknown, or the job is in another state).</summary>
    public static ProblemHttpResult DeadLetterNotFound(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Dead letter not found.",
            detail: $"No dead-lettered job has id '{Printable(id)}'.");

    /// <summary>413 for a body over <paramref name="maxBytes"/>.</summary>
    public static ProblemHttpResult ContentTooLarge(int maxBytes) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            // ASP.NET Core has no default type for 413, and RFC 9457 wants one that documents the status.
            type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
            title: "Content too large.",
            detail: $"The request body may be at most {maxBytes} bytes.");

    /// <summary>415 for a body that is not declared as JSON.</summary>
    public static ProblemHttpResult UnsupportedMediaType(string? contentType) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type.",
            detail: $"The body must be JSON with Content-Type 'application/json'; got '{Printable(contentType ?? "(none)")}'.");

    // One shape for every resource: "Job not found." / "No job has id '...'.".
    private static ProblemHttpResult NotFound(string resource, string id, string? detail = null) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: $"{char.ToUpperInvariant(resource[0])}{resource[1..]} not found.",
            detail: detail ?? $"No {resource} has id '{Printable(id)}'.");

    // Request values echoed back must not carry control characters into terminals or logs.
    private static string Printable(string value) =>
        new(value.Take(128).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
