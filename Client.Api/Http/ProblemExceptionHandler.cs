using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace JobScheduler.Client.Api.Http;

/// <summary>
/// Answers exceptions that escape an endpoint with RFC 9457 problems: invalid jobs are 400, an unreachable
/// cluster or Redis is 503 with <c>Retry-After</c> (clients retry, never hang), anything else a 500 that
/// reveals nothing of the server's internals (the trace id links it to the log entry).
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Seconds a client should wait before retrying after a 503.</summary>
    internal const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
            return true; // The client has gone; there is nobody to answer.

        var problem = exception switch
        {
            JobValidationException invalid => new HttpValidationProblemDetails(new Dictionary<string, string[]>(invalid.Errors))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
            },
            AdmissionRejectedException rejected => new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                Title = "A limit is reached; nothing was stored.",
                Detail = rejected.Detail,
                Extensions = { ["limit"] = rejected.Limit },
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request is malformed.",
                Detail = bad.Message,
            },
            _ when Unavailability.IsTransient(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The scheduler is temporarily unavailable.",
                Detail = $"The cluster or its storage did not answer in time. Retry after {RetryAfterSeconds} seconds.",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The error has been logged with this response's trace id.",
            },
        };

        if (exception is AdmissionRejectedException admission)
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(admission.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the cluster or storage is unavailable")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with an unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception exception);
}
