namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A webhook subscription to create: where to post, which job events, and optional filters (combined with AND). Without
/// <see cref="Queue"/> it is global and needs an admin who may use every queue; a tenant must name one of its queues.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.WebhookRequest")]
public sealed record WebhookRequest
{
    /// <summary>The receiver's URL (https; http only where the server allows it).</summary>
    [Id(0)] public required string Url { get; init; }

    /// <summary>The job states whose transitions are posted (<c>Succeeded</c>, <c>Failed</c>, <c>DeadLettered</c>, …), or <c>*</c> for every job event.</summary>
    [Id(1)] public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Only jobs of this queue.</summary>
    [Id(2)] public string? Queue { get; init; }

    /// <summary>Only jobs this schedule fired.</summary>
    [Id(3)] public string? ScheduleId { get; init; }

    /// <summary>Only the steps' jobs of this workflow.</summary>
    [Id(4)] public string? WorkflowId { get; init; }

    /// <summary>Only this job.</summary>
    [Id(5)] public string? JobId { get; init; }
}
