namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// What a user asks to run: a container image and its argv, when, where and with which limits.
/// This is both the REST request body of <c>POST /api/v1/jobs</c> and the grain contract.
/// </summary>
/// <remarks>
/// Collections are copied into plain arrays and dictionaries on assignment, so a spec built from
/// collection expressions or caller-owned collections serializes and cannot change afterwards.
/// </remarks>
[GenerateSerializer, Alias("JobScheduler.JobSpec")]
public sealed record JobSpec
{
    [Id(1)] private readonly string[] _command = [];
    [Id(2)] private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);
    [Id(8)] private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    [Id(13)] private readonly Dictionary<string, string> _secretEnv = new(StringComparer.Ordinal);
    [Id(20)] private readonly JobNotifyTarget[] _notify = [];

    /// <summary>Image reference, e.g. <c>busybox:latest</c>. Required unless <see cref="Build"/> is given; never both.</summary>
    [Id(0)] public string Image { get; init; } = "";

    /// <summary>The container's argv, passed as-is (no shell runs unless the argv starts one). Required, non-empty.</summary>
    public IReadOnlyList<string> Command
    {
        get => _command;
        init => _command = value?.ToArray() ?? [];
    }

    /// <summary>Environment variables set in the container.</summary>
    public IReadOnlyDictionary<string, string> Env
    {
        get => _env;
        init => _env = Copy(value);
    }

    /// <summary>When the job becomes due; absent or past means now.</summary>
    [Id(3)] public DateTimeOffset? RunAt { get; init; }

    /// <summary>Longest a single attempt may run before it is killed with reason <c>timeout</c>; absent means the server default.</summary>
    [Id(4)] public TimeSpan? Timeout { get; init; }

    /// <summary>Higher runs first within a queue; ties go to the job that became due first.</summary>
    [Id(5)] public int Priority { get; init; }

    /// <summary>Name of the queue that dispatches the job.</summary>
    [Id(6)] public string Queue { get; init; } = DefaultQueue;

    /// <summary>CPU, memory and process limits; absent values take the server defaults.</summary>
    [Id(7)] public ResourceLimits? Resources { get; init; }

    /// <summary>Free-form key/value labels, filterable in listings.</summary>
    public IReadOnlyDictionary<string, string> Labels
    {
        get => _labels;
        init => _labels = Copy(value);
    }

    /// <summary>How failed attempts are retried; absent values take the queue's, then the server's defaults.</summary>
    [Id(9)] public RetryPolicy? Retry { get; init; }

    /// <summary>
    /// Jobs of one queue sharing this key run at most <see cref="MaxConcurrent"/> at a time (e.g. one per
    /// customer); others with the key wait in line while jobs without it pass them.
    /// </summary>
    [Id(10)] public string? ConcurrencyKey { get; init; }

    /// <summary>How many jobs with <see cref="ConcurrencyKey"/> may run at once in the queue; 1 when absent.</summary>
    [Id(11)] public int? MaxConcurrent { get; init; }

    /// <summary>
    /// The container's network: <c>none</c> (the default: no network at all) or <c>bridge</c> (outbound access),
    /// which only queues that allow network access accept.
    /// </summary>
    [Id(12)] public string? Network { get; init; }

    /// <summary>
    /// Write-only environment variables set in the container, for tokens and passwords. Their values are encrypted
    /// before the job is stored and never returned: every record the scheduler hands out has this empty and lists
    /// the names in <see cref="JobRecord.SecretEnvNames"/>. Same name rules and limits as <see cref="Env"/>; a name
    /// cannot be in both.
    /// </summary>
    public IReadOnlyDictionary<string, string> SecretEnv
    {
        get => _secretEnv;
        init => _secretEnv = Copy(value);
    }

    /// <summary>
    /// An image to build from a Dockerfile URL instead of <see cref="Image"/> (exactly one of the two is given). The
    /// worker that claims the job fetches, builds (or reuses the same content's image) and runs the job from it.
    /// </summary>
    [Id(14)] public BuildSpec? Build { get; init; }

    /// <summary>
    /// URLs that get this job's events (<c>Succeeded</c>, <c>Failed</c>, <c>DeadLettered</c>, …), signed per Standard Webhooks
    /// and delivered at least once like every webhook subscription; at most <see cref="JobNotifyTarget.MaxPerJob"/>. Each
    /// entry's secret is write-only: records show the URLs and events, never a secret.
    /// </summary>
    public IReadOnlyList<JobNotifyTarget> Notify
    {
        get => _notify;
        init => _notify = value?.ToArray() ?? [];
    }

    /// <summary>The queue used when a spec names none.</summary>
    public const string DefaultQueue = "default";

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? source) =>
        source is null ? new(StringComparer.Ordinal) : new(source, StringComparer.Ordinal);
}
