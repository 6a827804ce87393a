using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>Where a job stands in its queue's line among jobs of the same priority.</summary>
public static class JobReadiness
{
    /// <summary>
    /// When the job first became ready to run. A retried job keeps its place in line: a job whose worker died is not
    /// sent behind the backlog queued after it (ordering by its first claim instead left a killed silo's jobs waiting
    /// minutes behind a 500-job backlog). A job requeued from the dead letters starts a new series, ready from about its
    /// first claim after the requeue.
    /// </summary>
    public static DateTimeOffset FirstReadyAt(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.RetryBase > 0)
            return job.Attempts.Count > job.RetryBase ? job.Attempts[job.RetryBase].ClaimedAt : job.DueAt;
        return job.Spec.RunAt is { } runAt && runAt > job.CreatedAt ? runAt : job.CreatedAt;
    }
}
