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

    /// <summary>Terminal: the last attempt failed (non-zero exit, timeout, infrastructure error).</summary>
    Failed = 4,

    /// <summary>Terminal: cancelled by a user before it finished.</summary>
    Cancelled = 5,
}
