namespace JobScheduler.Grains.Policy;

/// <summary>
/// What one principal (an API key, a JWT subject) may hold at once (<c>Scheduler:Quotas</c>), checked by the job grain
/// when a job is submitted through the API: over a quota the answer is 429 with <c>Retry-After</c> and nothing is
/// stored. 0 means no quota. Set on the silos (and on an embedded API).
/// </summary>
/// <remarks>
/// The index counts each principal's jobs by state only while a quota is set, so a job costs no extra Redis work
/// without one; counts start when a quota is turned on, so jobs submitted before are not counted against it.
/// </remarks>
public sealed class JobQuotaOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Quotas";

    /// <summary>Jobs of one principal that wait to run (Scheduled, Queued, RetryWaiting). Default 0: no quota.</summary>
    public long MaxPendingJobsPerPrincipal { get; set; }

    /// <summary>Jobs of one principal that run at once; a new submission is refused while it is reached. Default 0: no quota.</summary>
    public long MaxRunningJobsPerPrincipal { get; set; }

    /// <summary>What a refused submitter is told to wait (the <c>Retry-After</c> of the 429), for quotas and a queue's <c>maxPending</c>. Default 5 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether any per-principal job quota is set (and so whether the index counts jobs per principal).</summary>
    public bool CountsPrincipals => MaxPendingJobsPerPrincipal > 0 || MaxRunningJobsPerPrincipal > 0;
}
