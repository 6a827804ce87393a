using System.Text.Json.Serialization;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Everything known about a job: its spec, state and attempts. The job grain persists exactly this
/// record (as JSON) and the API returns it from <c>GET /api/v1/jobs/{id}</c>.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.JobRecord")]
public sealed record JobRecord
{
    [Id(6)] private readonly JobAttempt[] _attempts = [];
    [Id(11)] private readonly JobAction[] _actions = [];
    [Id(15)] private readonly string[] _secretEnvNames = [];

    /// <summary>The job id (also the job grain's key).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>What to run.</summary>
    [Id(1)] public required JobSpec Spec { get; init; }

    /// <summary>The current state.</summary>
    [Id(2)] public required JobState State { get; init; }

    /// <summary>When the job was accepted.</summary>
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the state last changed.</summary>
    [Id(4)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the job is (or was) due to run.</summary>
    [Id(5)] public required DateTimeOffset DueAt { get; init; }

    /// <summary>The attempts so far, oldest first; the last one is the current attempt.</summary>
    public IReadOnlyList<JobAttempt> Attempts
    {
        get => _attempts;
        init => _attempts = value?.ToArray() ?? [];
    }

    /// <summary>The <c>Idempotency-Key</c> the job was submitted with, if any.</summary>
    [Id(7)] public string? IdempotencyKey { get; init; }

    /// <summary>
    /// How many attempts were made before the last requeue; the retry policy counts attempts from here,
    /// so a requeued job gets a fresh budget while its numbering continues.
    /// </summary>
    [Id(8)] public int RetryBase { get; init; }

    /// <summary>The schedule or workflow that created the job; null for jobs submitted directly.</summary>
    [Id(9)] public JobParent? Parent { get; init; }

    /// <summary>Who submitted the job (an actor such as <c>key:4f2a…</c>); null when the caller named nobody.</summary>
    [Id(10)] public string? SubmittedBy { get; init; }

    /// <summary>
    /// The W3C trace context (<c>traceparent</c>) of the request that submitted the job, when it was traced: each attempt's
    /// trace continues it, so one trace runs from the submit request to the container's removal.
    /// </summary>
    [Id(16)] public string? TraceParent { get; init; }

    /// <summary>
    /// What the job runs with (retry policy, timeout, resources, network, container user and root filesystem), resolved
    /// at submission from its spec, its queue's settings and the server's defaults of that moment. Null only for jobs
    /// stored by versions before it existed: their worker resolves them when it claims them.
    /// </summary>
    [Id(17)] public EffectiveJobSettings? Effective { get; init; }

    /// <summary>Cancels and requeues done to the job, oldest first, with who did them.</summary>
    public IReadOnlyList<JobAction> Actions
    {
        get => _actions;
        init => _actions = value?.ToArray() ?? [];
    }

    /// <summary>
    /// The names of the job's <see cref="JobSpec.SecretEnv"/> variables, sorted. Their values are never returned
    /// (the spec's <c>secretEnv</c> is always empty here); the job grain keeps them encrypted.
    /// </summary>
    public IReadOnlyList<string> SecretEnvNames
    {
        get => _secretEnvNames;
        init => _secretEnvNames = value?.ToArray() ?? [];
    }

    /// <summary>The current (last) attempt, or null before the first dispatch.</summary>
    [JsonIgnore]
    public JobAttempt? CurrentAttempt => Attempts.Count == 0 ? null : Attempts[^1];
}
