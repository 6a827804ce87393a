namespace JobScheduler.Client.Api.Security;

/// <summary>
/// What one principal (a key, a JWT subject) may create through this API (<c>Scheduler:Auth:Quotas</c>): over a quota
/// the answer is 429 with <c>Retry-After</c> and nothing is stored. 0 means no quota. (Quotas on a principal's jobs are
/// the silos' <c>Scheduler:Quotas</c>.)
/// </summary>
public sealed class PrincipalQuotaOptions
{
    /// <summary>Schedules created by one principal. Default 10,000.</summary>
    public int MaxSchedules { get; set; } = 10_000;

    /// <summary>What a refused caller is told to wait before trying again. Default 5 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
