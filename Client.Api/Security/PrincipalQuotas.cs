using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// Admission by principal: a submission is refused (429) while its principal holds its quota of waiting or running
/// jobs. The counts are the index's per-principal counts, one read per submission and only when a quota is set; they
/// are read before the job is stored, so submissions racing at the quota may pass it by a few.
/// </summary>
public sealed class PrincipalQuotas(JobSchedulerClient client, IOptions<AuthOptions> options)
{
    /// <summary>Throws <see cref="AdmissionRejectedException"/> when <paramref name="principal"/> may not submit another job now.</summary>
    /// <remarks>A repeated submission with an idempotency key whose job exists returns that job, quota or not.</remarks>
    public async Task CheckJobAsync(SchedulerPrincipal principal, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var quotas = options.Value.Quotas;
        if (quotas.MaxPendingJobs == 0 && quotas.MaxRunningJobs == 0)
            return;
        if (idempotencyKey is not null && await client.GetAsync(JobIds.FromIdempotencyKey(idempotencyKey, principal.Actor), cancellationToken) is not null)
            return;
        var counts = await client.CountJobsByActorAsync(principal.Actor, cancellationToken);
        var pending = counts.GetValueOrDefault(JobState.Scheduled) + counts.GetValueOrDefault(JobState.Queued) + counts.GetValueOrDefault(JobState.RetryWaiting);
        if (quotas.MaxPendingJobs > 0 && pending >= quotas.MaxPendingJobs)
            throw new AdmissionRejectedException("principal.maxPendingJobs",
                $"This principal has {pending} waiting jobs; its quota (Scheduler:Auth:Quotas:MaxPendingJobs) is {quotas.MaxPendingJobs}.", quotas.RetryAfter);
        var running = counts.GetValueOrDefault(JobState.Running);
        if (quotas.MaxRunningJobs > 0 && running >= quotas.MaxRunningJobs)
            throw new AdmissionRejectedException("principal.maxRunningJobs",
                $"This principal has {running} running jobs; its quota (Scheduler:Auth:Quotas:MaxRunningJobs) is {quotas.MaxRunningJobs}.", quotas.RetryAfter);
    }
}
