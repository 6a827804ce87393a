namespace JobScheduler.Grains.Interfaces;

/// <summary>Checks a <see cref="WebhookRequest"/>; errors are keyed by JSON path (<c>url</c>, <c>events[1]</c>).</summary>
public static class WebhookRequestValidator
{
    private const int MaxLength = 256;

    /// <summary>Every problem of <paramref name="request"/>; empty when it is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Url) || request.Url.Length > 2048
            || !Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            errors["url"] = ["The URL must be an absolute http or https URL of at most 2048 characters."];
        if (request.Events is null || request.Events.Count is 0 or > 16)
            errors["events"] = ["Name 1 to 16 job states (Succeeded, Failed, DeadLettered, …) or \"*\"."];
        else
            for (var i = 0; i < request.Events.Count; i++)
                if (request.Events[i] != WebhookEvents.All && !Enum.TryParse<JobState>(request.Events[i], ignoreCase: true, out _)
                    || int.TryParse(request.Events[i], out _))
                    errors[$"events[{i}]"] = [$"'{request.Events[i]}' is not a job state ({string.Join(", ", Enum.GetNames<JobState>())}) or \"*\"."];
        Check(errors, "queue", request.Queue);
        Check(errors, "scheduleId", request.ScheduleId);
        Check(errors, "workflowId", request.WorkflowId);
        Check(errors, "jobId", request.JobId);
        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (value is not null && (value.Length is 0 or > MaxLength || value.Any(char.IsControl)))
            errors[field] = [$"Must be 1-{MaxLength} characters without control characters."];
    }
}
