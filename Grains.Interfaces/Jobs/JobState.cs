namespace JobScheduler.Grains.Interfaces;

/// <summary>Where a job is in its life. Values are persisted by name; add new ones at the end.</summary>
public enum JobState
{
    /// <summary>Accepted, waiting for its <see cref="JobSpec.RunAt"/> time.</summary>
    Scheduled = 0,

    /// <summary>Due, waiting in its queue for a free worker slot.</summary>
    Queued = 1,

    /// <summary>Claimed by a worker; its container is starting or running.</summary>
    Running = 2,

    /// <summary>Terminal: the container exited with code 0.</summary>
    Succeeded = 3,

    /// <summary>
    /// Terminal: the last attempt failed and is not retried — the failure is not retryable (see
    /// <see cref="RetryPolicy.NonRetryableExitCodes"/>), or the job allows a single attempt. Can be requeued.
    /// </summary>
    Failed = 4,

    /// <summary>Terminal: cancelled by a user before it finished.</summary>
    Cancelled = 5,

    /// <summary>An attempt failed; the next one is due at <see cref="JobRecord.DueAt"/>.</summary>
    RetryWaiting = 6,

    /// <summary>Terminal: every attempt the retry policy allows failed. Listed as a dead letter; can be requeued.</summary>
    DeadLettered = 7,
}
