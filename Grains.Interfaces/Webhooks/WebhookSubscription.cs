namespace JobScheduler.Grains.Interfaces;

/// <summary>A webhook subscription as stored and shown; never its secret.</summary>
[GenerateSerializer, Alias("JobScheduler.WebhookSubscription")]
public sealed record WebhookSubscription
{
    /// <summary>The subscription's id (<c>wh_</c> and 16 hex digits).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The receiver's URL.</summary>
    [Id(1)] public required string Url { get; init; }

    /// <summary>The job states posted, or <c>*</c>.</summary>
    [Id(2)] public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Only jobs of this queue; null for every queue (a global subscription).</summary>
    [Id(3)] public string? Queue { get; init; }

    /// <summary>Only jobs this schedule fired.</summary>
    [Id(4)] public string? ScheduleId { get; init; }

    /// <summary>Only the steps' jobs of this workflow.</summary>
    [Id(5)] public string? WorkflowId { get; init; }

    /// <summary>Only this job.</summary>
    [Id(6)] public string? JobId { get; init; }

    /// <summary>When it was created.</summary>
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who created it.</summary>
    [Id(8)] public required string CreatedBy { get; init; }

    /// <summary>Whether a job event matches the subscription's events and filters.</summary>
    public bool Matches(SchedulerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Kind != SchedulerEventKind.Job || e.To is not { } to)
            return false;
        if (!Events.Contains(WebhookEvents.All, StringComparer.Ordinal) && !Events.Contains(to.ToString(), StringComparer.OrdinalIgnoreCase))
            return false;
        return (Queue is null || Queue == e.Queue)
            && (ScheduleId is null || ScheduleId == e.ScheduleId)
            && (WorkflowId is null || WorkflowId == e.WorkflowId)
            && (JobId is null || JobId == e.JobId);
    }
}
