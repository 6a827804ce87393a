namespace JobScheduler.Client.Api.Security;

/// <summary>
/// What one principal (a key, a JWT subject) may hold at once (<c>Scheduler:Auth:Quotas</c>). Over a quota a
/// submission is answered 429 with <c>Retry-After</c> and nothing is stored. 0 means no quota.
/// </summary>
public sealed class PrincipalQuotaOptions
{
    /// <summary>Jobs submitted by one principal that wait (Scheduled, Queued, RetryWaiting). Default 0: no quota.</summary>
    public long MaxPendingJobs { get; set; }

    /// <summary>Jobs submitted by one principal that run at once; a submission is refused while it is reached. Default 0: no quota.</summary>
    public long MaxRunningJobs { get; set; }

    /// <summary>Schedules created by one principal. Default 10,000.</summary>
    public int MaxSchedules { get; set; } = 10_000;

    /// <summary>What a refused caller is told to wait before trying again. Default 5 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
