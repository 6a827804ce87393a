namespace JobScheduler.Grains.Retries;

/// <summary>
/// A configuration section that may hold a retry policy under <c>Retry</c>: <c>Scheduler:Jobs</c> (the server's
/// default) or one queue's <c>Scheduler:Queues:{name}</c>. The section's other keys belong to other options.
/// </summary>
public sealed class RetryScopeOptions
{
    /// <summary>The policy configured here (<c>…:Retry:MaxAttempts</c>, …). Default: none, every value falls through to the next level.</summary>
    public RetryOptions? Retry { get; set; }
}
