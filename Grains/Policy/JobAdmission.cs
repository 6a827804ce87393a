using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Policy;

/// <summary>
/// Whether one more job may be stored now: its queue's <see cref="QueueSettings.MaxPending"/> and its submitter's
/// quotas (<see cref="JobQuotaOptions"/>), against the index's O(1) counts. Costs nothing where no limit is set (the
/// queue's settings come from the per-silo cache). Counts are read before the job is stored, so submissions racing
/// at a limit may pass it by a few.
/// </summary>
public sealed class JobAdmission(QueueSettingsCache queues, IJobIndex index, IOptions<JobQuotaOptions> options)
{
    private readonly JobQuotaOptions _quotas = options.Value;

    /// <summary>The principal the index should count a job under: its submitter while a per-principal quota is set, otherwise none.</summary>
    public string? CountedOwner(JobRecord job) => _quotas.CountsPrincipals ? job.SubmittedBy : null;

    /// <summary>Throws <see cref="AdmissionRejectedException"/> when the queue or the submitter (<paramref name="actor"/>) holds its limit.</summary>
    public async Task CheckAsync(string queue, string? actor)
    {
        if ((await queues.GetAsync(queue)).MaxPending is { } maxPending)
        {
            var waiting = (await index.CountByStateAsync(queue)).Waiting();
            if (waiting >= maxPending)
                throw Rejected("queue.maxPending", $"Queue '{queue}' holds {waiting} waiting jobs; its maxPending is {maxPending}.");
        }

        if (actor is null || !_quotas.CountsPrincipals)
            return;
        var counts = await index.CountByOwnerAsync(actor);
        var pending = counts.Waiting();
        if (_quotas.MaxPendingJobsPerPrincipal > 0 && pending >= _quotas.MaxPendingJobsPerPrincipal)
        {
            throw Rejected("principal.maxPendingJobs",
                $"This principal has {pending} waiting jobs; its quota ({JobQuotaOptions.SectionName}:MaxPendingJobsPerPrincipal) is {_quotas.MaxPendingJobsPerPrincipal}.");
        }
        var running = counts.GetValueOrDefault(JobState.Running);
        if (_quotas.MaxRunningJobsPerPrincipal > 0 && running >= _quotas.MaxRunningJobsPerPrincipal)
        {
            throw Rejected("principal.maxRunningJobs",
                $"This principal has {running} running jobs; its quota ({JobQuotaOptions.SectionName}:MaxRunningJobsPerPrincipal) is {_quotas.MaxRunningJobsPerPrincipal}.");
        }
    }

    private AdmissionRejectedException Rejected(string limit, string detail) => new(limit, detail, _quotas.RetryAfter);
}
