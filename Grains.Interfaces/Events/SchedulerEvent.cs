namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Something that happened in the scheduler, as the event stream (<c>GET /api/v1/events</c>) and everything that reacts to
/// jobs (the web UI, webhooks) see it. Events are ordered: an event's <see cref="Id"/> sorts after every earlier event's, and
/// one job's events are written in the order its transitions were persisted.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.SchedulerEvent")]
public sealed record SchedulerEvent
{
    /// <summary>
    /// The event's id, <c>&lt;unix ms&gt;-&lt;sequence&gt;</c>, given by the event log when it was written (empty before);
    /// a client resumes after it with <c>Last-Event-ID</c>.
    /// </summary>
    [Id(0)] public string Id { get; init; } = "";

    /// <summary>What the event is about.</summary>
    [Id(1)] public required SchedulerEventKind Kind { get; init; }

    /// <summary>When it happened (the transition's time).</summary>
    [Id(2)] public required DateTimeOffset At { get; init; }

    /// <summary>The job, for job events and for schedule firings and workflow steps that submitted one.</summary>
    [Id(3)] public string? JobId { get; init; }

    /// <summary>The job's attempt number after the transition; 0 before the first dispatch.</summary>
    [Id(4)] public int Attempt { get; init; }

    /// <summary>The job's state before the transition; absent for its first event (the submission).</summary>
    [Id(5)] public JobState? From { get; init; }

    /// <summary>The job's state after the transition.</summary>
    [Id(6)] public JobState? To { get; init; }

    /// <summary>Why: the attempt's failure reason, a schedule's skip reason or run kind, a workflow step's detail.</summary>
    [Id(7)] public string? Reason { get; init; }

    /// <summary>The attempt's exit code, when its container ended.</summary>
    [Id(8)] public int? ExitCode { get; init; }

    /// <summary>The job's queue (a schedule's or a workflow step's, for their events).</summary>
    [Id(9)] public string? Queue { get; init; }

    /// <summary>The job's labels.</summary>
    [Id(10)] public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Who caused the transition (the key or user that submitted, cancelled or requeued), when known.</summary>
    [Id(11)] public string? Actor { get; init; }

    /// <summary>The worker running the attempt, for transitions into and out of <see cref="JobState.Running"/>.</summary>
    [Id(12)] public string? Worker { get; init; }

    /// <summary>The workflow the job is a step of, or the workflow event's workflow.</summary>
    [Id(13)] public string? WorkflowId { get; init; }

    /// <summary>The workflow step's name.</summary>
    [Id(14)] public string? Step { get; init; }

    /// <summary>The workflow step's state after the change, for workflow events.</summary>
    [Id(15)] public WorkflowStepState? StepState { get; init; }

    /// <summary>The workflow's state after the change, for workflow events.</summary>
    [Id(16)] public WorkflowState? WorkflowState { get; init; }

    /// <summary>The schedule that fired the job, or the schedule event's schedule.</summary>
    [Id(17)] public string? ScheduleId { get; init; }

    /// <summary>This event with the id the log gave it.</summary>
    public SchedulerEvent WithId(string id) => this with { Id = id };
}
