namespace JobScheduler.Grains.Retries;

/// <summary>
/// The configured retry defaults: the server's (<c>Scheduler:Jobs:Retry</c>) and each queue's
/// (<c>Scheduler:Queues:{name}:Retry</c>). Bound from <c>Scheduler</c>, of which it reads only those two places;
/// checked by <see cref="RetryDefaultsOptionsValidator"/>. <see cref="RetryDefaults"/> resolves a job's policy from them.
/// </summary>
public sealed class RetryDefaultsOptions
{
    /// <summary>The configuration section: <c>Scheduler</c> (the options' paths are the keys, <c>Jobs:Retry:MaxAttempts</c>, ...).</summary>
    public const string SectionName = "Scheduler";

    /// <summary>Where the server-wide default lives: <c>Scheduler:Jobs:Retry</c>.</summary>
    public const string ServerPath = SectionName + ":Jobs:Retry";

    /// <summary>
    /// <c>Scheduler:Jobs</c>: its <c>Retry</c> is the server-wide default for every queue without its own. Default: none,
    /// the built-in <see cref="Interfaces.RetryPolicy.Defaults"/> (3 attempts, 1 s doubling to at most 5 min, +0–20 %
    /// jitter, exit codes 125–127 not retried).
    /// </summary>
    public RetryScopeOptions Jobs { get; set; } = new();

    /// <summary>
    /// <c>Scheduler:Queues:{name}</c> by queue name (matched exactly): a queue's <c>Retry</c> fills what its jobs and its
    /// API settings leave out, before the server's default does. Default: none.
    /// </summary>
    public Dictionary<string, RetryScopeOptions> Queues { get; } = new(StringComparer.Ordinal);

    /// <summary>The configuration path of <paramref name="queue"/>'s retry default: <c>Scheduler:Queues:{queue}:Retry</c>.</summary>
    public static string QueuePath(string queue) => $"{SectionName}:Queues:{queue}:Retry";
}
