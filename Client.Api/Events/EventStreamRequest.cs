using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Mvc;

namespace JobScheduler.Client.Api.Events;

/// <summary>
/// The query string and resume header of <c>GET /api/v1/events</c>, bound as text and parsed here, so that a bad value
/// yields a validation problem naming its parameter.
/// </summary>
public sealed class EventStreamRequest
{
    private const int MaxIdLength = 200;

    /// <summary>Only this job's events.</summary>
    [FromQuery(Name = "jobId"), Description("Only this job's events (and the schedule and workflow events that name it).")]
    public string? JobId { get; init; }

    /// <summary>Only this queue's events.</summary>
    [FromQuery(Name = "queue"), Description("Only events of this queue.")]
    public string? Queue { get; init; }

    /// <summary>Only this workflow's events.</summary>
    [FromQuery(Name = "workflowId"), Description("Only this workflow's events and the events of its steps' jobs.")]
    public string? WorkflowId { get; init; }

    /// <summary>Only this schedule's events.</summary>
    [FromQuery(Name = "scheduleId"), Description("Only this schedule's firings and the events of the jobs it fired.")]
    public string? ScheduleId { get; init; }

    /// <summary>Only job events into this state.</summary>
    [FromQuery(Name = "state"), Description("Only job events into this state (Scheduled, Queued, Running, ...; case-insensitive).")]
    public string? State { get; init; }

    /// <summary>Resume after this event id.</summary>
    [FromQuery(Name = "after"), Description("Start after this event id (<unix ms>-<sequence>); 0-0 replays every event kept. Without it, the stream starts live.")]
    public string? After { get; init; }

    /// <summary>The id of the last event a reconnecting client got; wins over <see cref="After"/>.</summary>
    [FromHeader(Name = "Last-Event-ID"), Description("Sent by a reconnecting EventSource: resume after this event id. Wins over ?after.")]
    public string? LastEventId { get; init; }

    /// <summary>The filter these parameters describe for <paramref name="principal"/>, and where to start (none: live).</summary>
    public bool TryGetFilter(SchedulerPrincipal principal, [NotNullWhen(true)] out EventFilter? filter, out EventPosition? after, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        after = null;
        filter = null;
        CheckId("jobId", JobId, errors);
        CheckId("workflowId", WorkflowId, errors);
        CheckId("scheduleId", ScheduleId, errors);
        if (Queue is not null && !JobSpecValidator.IsValidQueueName(Queue))
            errors["queue"] = ["Queue names are 1-63 characters: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit."];

        JobState? state = null;
        if (State is not null)
        {
            var name = Enum.GetNames<JobState>().FirstOrDefault(n => string.Equals(n, State, StringComparison.OrdinalIgnoreCase));
            if (name is null)
                errors["state"] = [$"Unknown state; use one of {string.Join(", ", Enum.GetNames<JobState>())}."];
            else
                state = Enum.Parse<JobState>(name);
        }

        var (field, resume) = LastEventId is not null ? ("Last-Event-ID", LastEventId) : ("after", After);
        if (resume is not null)
        {
            if (EventPosition.TryParse(resume, out var position))
                after = position;
            else
                errors[field] = ["Not an event id: use the id of an event from this stream (<unix ms>-<sequence>), or 0-0 for every event kept."];
        }

        if (errors.Count > 0)
            return false;
        filter = new EventFilter(JobId, Queue, WorkflowId, ScheduleId, state, principal);
        return true;
    }

    private static void CheckId(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (value is not null && (value.Length is 0 or > MaxIdLength || value.Any(char.IsControl)))
            errors[name] = [$"Must be 1 to {MaxIdLength} printable characters."];
    }
}
